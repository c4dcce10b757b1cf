import { parseKiteInstruments } from './kite-instruments';
import { OptionChainSubscription } from './option-chain-subscription';
import { kiteFixtureText } from '../testing/shared-fixtures';

describe('Kite instruments dump', () => {
  it('parses every row of the KMOCK dump into typed records with decimal strings', () => {
    const { instruments, skipped } = parseKiteInstruments(kiteFixtureText('instruments_all.csv'));
    expect(skipped).toEqual([]);
    expect(instruments).toHaveLength(99);
    expect(instruments.find((i) => i.tradingsymbol === 'BANKNIFTY18JAN23500CE')).toEqual({
      instrumentToken: 12073986,
      exchangeToken: 47164,
      tradingsymbol: 'BANKNIFTY18JAN23500CE',
      name: '',
      lastPrice: '2528.4',
      expiry: '2018-01-25',
      strike: '23500.0',
      tickSize: '0.05',
      lotSize: 40,
      instrumentType: 'CE',
      segment: 'NFO-OPT',
      exchange: 'NFO',
    });
    expect(instruments.find((i) => i.tradingsymbol === 'CDSL')!.expiry).toBeNull();
  });

  it('the NSE dump parses too', () => {
    expect(parseKiteInstruments(kiteFixtureText('instruments_nse.csv')).instruments).toHaveLength(99);
  });

  it('skips and reports unreadable rows, honours quoted names, and refuses a foreign header', () => {
    const header = kiteFixtureText('instruments_all.csv').split('\n')[0]!;
    const csv = [
      header,
      '1,2,ABC,"ABC, LTD",0.0,,0.0,0.05,1,EQ,NSE,NSE',
      'x,2,BAD,,0.0,,0.0,0.05,1,EQ,NSE,NSE',
      '3,4,SHORT',
      '5,6,BADDATE,,1,2025/01/01,0,0.05,1,FUT,NFO-FUT,NFO',
    ].join('\n');
    const { instruments, skipped } = parseKiteInstruments(csv);
    expect(instruments.map((i) => i.name)).toEqual(['ABC, LTD']);
    expect(skipped).toEqual([
      { line: 3, reason: 'unreadable instrument_token' },
      { line: 4, reason: '3 fields, expected 12' },
      { line: 5, reason: 'unreadable expiry' },
    ]);
    expect(() => parseKiteInstruments('a,b,c\n1,2,3')).toThrow(/not a Kite instruments dump/);
  });
});

describe('option-chain subscription', () => {
  const header = kiteFixtureText('instruments_all.csv').split('\n')[0]!;
  let token = 1000;
  const rows: string[] = [];
  for (const expiry of ['2025-12-02', '2025-12-09', '2025-12-30']) {
    for (let strike = 23500; strike <= 24500; strike += 50) {
      for (const type of ['CE', 'PE']) {
        rows.push(
          `${(token++ << 8) | 2},${token},NIFTYX${strike}${type},NIFTY,0,${expiry},${strike}.0,0.05,75,${type},NFO-OPT,NFO`,
        );
      }
    }
  }
  const { instruments } = parseKiteInstruments([header, ...rows].join('\n'));
  const strikesOf = (tokens: readonly number[]) =>
    [
      ...new Set(instruments.filter((i) => tokens.includes(i.instrumentToken)).map((i) => Number(i.strike))),
    ].sort();

  it('picks ATM ± 2 of the current weekly expiry (Tue 9 Dec on Wed 3 Dec 2025), calls and puts', () => {
    const chain = new OptionChainSubscription(instruments, {
      underlying: 'NIFTY',
      strikeInterval: 50,
      count: 2,
      today: '2025-12-03',
    });
    const change = chain.update(24012)!;
    expect(change.window.expiry).toBe('2025-12-09');
    expect(change.window.atm).toBe(24000);
    expect(strikesOf(change.subscribe)).toEqual([23900, 23950, 24000, 24050, 24100]);
    expect(change.subscribe).toHaveLength(10);
    expect(change.unsubscribe).toEqual([]);
  });

  it('re-centres when the underlying moves a strike: adds the new wing, drops the old one', () => {
    const chain = new OptionChainSubscription(instruments, {
      underlying: 'NIFTY',
      strikeInterval: 50,
      count: 2,
      today: '2025-12-03',
    });
    chain.update(24012);
    expect(chain.update(24020)).toBeNull(); // same ATM: nothing to do
    const moved = chain.update(24060)!;
    expect(strikesOf(moved.subscribe)).toEqual([24150]);
    expect(strikesOf(moved.unsubscribe)).toEqual([23900]);
  });

  it('an old dump with no rule for its dates falls back to its nearest listed expiry', () => {
    const { instruments: kmock } = parseKiteInstruments(kiteFixtureText('instruments_all.csv'));
    const named = kmock.map((i) =>
      i.tradingsymbol.startsWith('BANKNIFTY') ? { ...i, name: 'BANKNIFTY' } : i,
    );
    const chain = new OptionChainSubscription(named, {
      underlying: 'BANKNIFTY',
      strikeInterval: 100,
      count: 1,
      today: '2018-01-10',
    });
    const change = chain.update(23540)!;
    expect(change.window.expiry).toBe('2018-01-25');
    expect(change.window.instruments.map((i) => i.tradingsymbol).sort()).toEqual([
      'BANKNIFTY18JAN23400CE',
      'BANKNIFTY18JAN23400PE',
      'BANKNIFTY18JAN23500CE',
      'BANKNIFTY18JAN23500PE',
      'BANKNIFTY18JAN23600CE',
      'BANKNIFTY18JAN23600PE',
    ]);
  });
});
