import { type Bar } from '@dalal/market';

import { type ZoneSignal } from './hourly-zones.params';
import { QUIET_FIRST_BAR, hour, lastIntents, onlyEntry } from './hourly-zones.testing';

/** Runs the previous week, then `bars`, with only `signal` active; what the last bar produced. */
const only = (signal: ZoneSignal, bars: readonly Bar[]) => lastIntents(bars, { signals: [signal] });

/** The entry's sold and bought legs, by role. */
function legsOf(bars: readonly Bar[], signal: ZoneSignal) {
  const intent = onlyEntry(only(signal, bars));
  const main = intent.legs.find((leg) => leg.role === 'MAIN')!;
  const hedge = intent.legs.find((leg) => leg.role === 'HEDGE')!;
  return { intent, main, hedge };
}

describe('hourly-zones signals (previous week: zones 24,600–24,700 and 25,300–25,400, close 25,000)', () => {
  describe('S1 — strong green first hour above last week’s close (bullish, stop first-bar low − body)', () => {
    it('fires on a first hour 25,000 → 25,060 (body 60 ≥ 40) above the 25,000 close: sells the 24,900 PE', () => {
      const first = hour('09:15', { open: 25_000, high: 25_080, low: 24_980, close: 25_060 });
      const { intent, main, hedge } = legsOf([first], 'S1');
      expect(intent.tag).toBe('S1');
      expect(intent.indicators['stop']).toBe(24_920); // 24,980 − |25,000 − 25,060|
      expect(main).toMatchObject({ optionType: 'PE', strike: 24_900, side: 'SELL' });
      expect(hedge).toMatchObject({ optionType: 'PE', strike: 24_700, side: 'BUY' });
    });

    it('does not fire on a green first hour with a body of 30', () => {
      const first = hour('09:15', { open: 25_000, high: 25_080, low: 24_980, close: 25_030 });
      expect(only('S1', [first])).toEqual([]);
    });

    it('does not fire on a strong green first hour that stays below last week’s close', () => {
      const first = hour('09:15', { open: 24_900, high: 24_980, low: 24_880, close: 24_960 });
      expect(only('S1', [first])).toEqual([]);
    });

    it('does not fire on a later hour, however strong', () => {
      const later = hour('10:15', { open: 25_020, high: 25_100, low: 25_010, close: 25_090 });
      expect(only('S1', [QUIET_FIRST_BAR, later])).toEqual([]);
    });
  });

  describe('S2 — lower zone rejected (bullish, stop the zone’s bottom)', () => {
    it('fires on a green hour that dips to 24,680 and closes at 24,760, above the zone top 24,700', () => {
      const bar = hour('10:15', { open: 24_750, high: 24_780, low: 24_680, close: 24_760 });
      const { intent, main, hedge } = legsOf([QUIET_FIRST_BAR, bar], 'S2');
      expect(intent.indicators['stop']).toBe(24_600);
      expect(main).toMatchObject({ optionType: 'PE', strike: 24_600 });
      expect(hedge).toMatchObject({ optionType: 'PE', strike: 24_400 });
    });

    it('does not fire when the hour closes inside the zone', () => {
      const bar = hour('10:15', { open: 24_750, high: 24_780, low: 24_680, close: 24_695 });
      expect(only('S2', [QUIET_FIRST_BAR, bar])).toEqual([]);
    });

    it('does not fire on a green hour that never reaches the zone (low 24,720)', () => {
      const bar = hour('10:15', { open: 24_750, high: 24_780, low: 24_720, close: 24_770 });
      expect(only('S2', [QUIET_FIRST_BAR, bar])).toEqual([]);
    });
  });

  describe('S3 — upper zone rejected below last week’s high (bearish, stop that high)', () => {
    it('fires on a red hour that reaches 25,350 and closes at 25,250: sells the 25,400 CE', () => {
      const bar = hour('10:15', { open: 25_290, high: 25_350, low: 25_200, close: 25_250 });
      const { intent, main, hedge } = legsOf([QUIET_FIRST_BAR, bar], 'S3');
      expect(intent.indicators['stop']).toBe(25_400);
      expect(main).toMatchObject({ optionType: 'CE', strike: 25_400, side: 'SELL' });
      expect(hedge).toMatchObject({ optionType: 'CE', strike: 25_600, side: 'BUY' });
    });

    it('does not fire when the hour took out last week’s high (that is S6)', () => {
      const bar = hour('10:15', { open: 25_290, high: 25_420, low: 25_200, close: 25_250 });
      expect(only('S3', [QUIET_FIRST_BAR, bar])).toEqual([]);
    });

    it('does not fire when the hour closes inside the zone', () => {
      const bar = hour('10:15', { open: 25_340, high: 25_350, low: 25_200, close: 25_310 });
      expect(only('S3', [QUIET_FIRST_BAR, bar])).toEqual([]);
    });
  });

  describe('S4 — first hourly close above the first bar’s high (bullish, stop the first bar’s low)', () => {
    const breakout = hour('10:15', { open: 25_020, high: 25_100, low: 25_010, close: 25_080 });

    it('fires on the hour closing at 25,080 above the first bar’s 25,060 high: sells the 24,900 PE', () => {
      const { intent, main } = legsOf([QUIET_FIRST_BAR, breakout], 'S4');
      expect(intent.indicators['stop']).toBe(24_940);
      expect(main).toMatchObject({ optionType: 'PE', strike: 24_900 });
    });

    it('does not fire on the next hour that closes above again (not the first close above)', () => {
      const again = hour('11:15', { open: 25_080, high: 25_120, low: 25_070, close: 25_110 });
      // No cooldown, so only the rule can keep it quiet.
      expect(
        lastIntents([QUIET_FIRST_BAR, breakout, again], { signals: ['S4'], cooldownMinutes: 0 }),
      ).toEqual([]);
    });

    it('does not fire on an hour whose high pierces 25,060 but closes at 25,055', () => {
      const wick = hour('10:15', { open: 25_020, high: 25_100, low: 25_010, close: 25_055 });
      expect(only('S4', [QUIET_FIRST_BAR, wick])).toEqual([]);
    });
  });

  describe('S5 — first hourly close below the first bar’s low (bearish, stop the first bar’s high)', () => {
    const breakdown = hour('10:15', { open: 25_020, high: 25_030, low: 24_900, close: 24_920 });

    it('fires on the hour closing at 24,920 below the first bar’s 24,940 low: sells the 25,100 CE', () => {
      const { intent, main, hedge } = legsOf([QUIET_FIRST_BAR, breakdown], 'S5');
      expect(intent.indicators['stop']).toBe(25_060);
      expect(main).toMatchObject({ optionType: 'CE', strike: 25_100 });
      expect(hedge).toMatchObject({ optionType: 'CE', strike: 25_300 });
    });

    it('does not fire on the next hour that closes below again (not the first close below)', () => {
      const again = hour('11:15', { open: 24_920, high: 24_930, low: 24_880, close: 24_890 });
      expect(
        lastIntents([QUIET_FIRST_BAR, breakdown, again], { signals: ['S5'], cooldownMinutes: 0 }),
      ).toEqual([]);
    });

    it('does not fire on an hour that dips to 24,900 and closes at 24,950', () => {
      const wick = hour('10:15', { open: 25_020, high: 25_030, low: 24_900, close: 24_950 });
      expect(only('S5', [QUIET_FIRST_BAR, wick])).toEqual([]);
    });
  });

  describe('S6 — failed breakout above last week’s high (bearish, stop that high)', () => {
    it('fires on a red hour that trades 25,450 and closes at 25,350', () => {
      const bar = hour('10:15', { open: 25_390, high: 25_450, low: 25_300, close: 25_350 });
      const { intent, main } = legsOf([QUIET_FIRST_BAR, bar], 'S6');
      expect(intent.indicators['stop']).toBe(25_400);
      expect(main).toMatchObject({ optionType: 'CE', strike: 25_400 });
    });

    it('does not fire when the hour closes above the high (a breakout that held)', () => {
      const bar = hour('10:15', { open: 25_440, high: 25_450, low: 25_300, close: 25_420 });
      expect(only('S6', [QUIET_FIRST_BAR, bar])).toEqual([]);
    });
  });

  describe('S7 — after a close above the first bar, a retest of its high holds (bullish, stop its low)', () => {
    const breakout = hour('10:15', { open: 25_020, high: 25_100, low: 25_010, close: 25_080 });

    it('fires on a green hour back to 25,070 (within 20 of 25,060) closing at 25,095', () => {
      const retest = hour('11:15', { open: 25_075, high: 25_100, low: 25_070, close: 25_095 });
      const { intent, main } = legsOf([QUIET_FIRST_BAR, breakout, retest], 'S7');
      expect(intent.indicators['stop']).toBe(24_940);
      expect(main).toMatchObject({ optionType: 'PE', strike: 24_900 });
    });

    it('does not fire when the pull-back stays 30 above the first bar’s high', () => {
      const drift = hour('11:15', { open: 25_092, high: 25_120, low: 25_090, close: 25_110 });
      expect(only('S7', [QUIET_FIRST_BAR, breakout, drift])).toEqual([]);
    });

    it('does not fire without an earlier close above the first bar (the hour before closed inside it)', () => {
      const touch = hour('10:15', { open: 25_040, high: 25_080, low: 25_030, close: 25_075 });
      expect(only('S7', [QUIET_FIRST_BAR, touch])).toEqual([]);
    });
  });

  describe('S8 — after a close below the first bar, a retest of its low holds (bearish, stop its high)', () => {
    const breakdown = hour('10:15', { open: 25_020, high: 25_030, low: 24_900, close: 24_920 });

    it('fires on a red hour back to 24,930 (within 20 of 24,940) closing at 24,890', () => {
      const retest = hour('11:15', { open: 24_910, high: 24_930, low: 24_880, close: 24_890 });
      const { intent, main } = legsOf([QUIET_FIRST_BAR, breakdown, retest], 'S8');
      expect(intent.indicators['stop']).toBe(25_060);
      expect(main).toMatchObject({ optionType: 'CE', strike: 25_100 });
    });

    it('does not fire when the pull-back stays 40 below the first bar’s low', () => {
      const drift = hour('11:15', { open: 24_895, high: 24_900, low: 24_870, close: 24_880 });
      expect(only('S8', [QUIET_FIRST_BAR, breakdown, drift])).toEqual([]);
    });
  });

  it('S2 and S5 both hold on one hour: the lower-numbered active signal is the one entered', () => {
    const bar = hour('10:15', { open: 24_750, high: 24_780, low: 24_680, close: 24_760 });
    const intents = lastIntents([QUIET_FIRST_BAR, bar], { signals: ['S5', 'S2'] });
    // S2 and S5 (first close below the first bar's low) both hold; one position at a time.
    expect(onlyEntry(intents).tag).toBe('S2');
  });
});
