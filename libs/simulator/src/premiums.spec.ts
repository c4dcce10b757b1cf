import { fromIst, type Bar } from '@dalal/market';

import { OptionPriceTable } from './premiums';
import { isSimulatorError } from './simulator-error';

const FILE = 'options.csv';
const CE_5900 = { optionType: 'CE', strike: 5900, expiry: '2012-12-27' } as const;
const PE_5900 = { ...CE_5900, optionType: 'PE' } as const;
const at = (time: string) => fromIst('2012-12-03', time).getTime();
const underlying = (time: string): Bar => ({
  time: at(time),
  open: 5900,
  high: 5905,
  low: 5895,
  close: 5901,
  volume: 0,
});

const TABLE = [
  'timestamp,expiry,strike,type,open,high,low,close',
  '2012-12-03T09:15:00+05:30,2012-12-27,5900,CE,80.00,82.50,79.10,81.20',
  '2012-12-03T09:15:00+05:30,2012-12-27,5900,PE,70.00,71.00,68.00,69.40',
  '2012-12-03T09:16:00+05:30,2012-12-27,5900,CE,81.20,81.90,80.00,80.35',
].join('\n');

function thrown(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (error) {
    if (isSimulatorError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a SimulatorError');
}

describe('OptionPriceTable', () => {
  it('looks up the recorded bar of the option over the underlying bar’s interval', () => {
    const table = new OptionPriceTable(TABLE, FILE, 'start');
    expect(table.kind).toBe('data');
    expect(table.optionBar(CE_5900, underlying('09:15'))).toEqual({
      time: at('09:15'),
      open: 80,
      high: 82.5,
      low: 79.1,
      close: 81.2,
    });
    expect(table.optionBar(PE_5900, underlying('09:15')).open).toBe(70);
    expect(table.closePrice(CE_5900, underlying('09:16'))).toBe(80.35);
  });

  it('end-labelled files are shifted one minute back: the row labelled 09:16 is the 09:15 bar', () => {
    const table = new OptionPriceTable(TABLE, FILE, 'end');
    expect(table.optionBar(CE_5900, underlying('09:14')).close).toBe(81.2);
    expect(table.optionBar(CE_5900, underlying('09:15')).close).toBe(80.35);
  });

  it('reads columns by name in any order and case, CRLF line ends, blank lines skipped', () => {
    const text =
      'Close,Type,Strike,Expiry,Timestamp,Open,High,Low\r\n\r\n81.2,ce,5900,2012-12-27,2012-12-03T09:15:00+05:30,80,82.5,79.1\r\n';
    expect(new OptionPriceTable(text, FILE, 'start').closePrice(CE_5900, underlying('09:15'))).toBe(81.2);
  });

  it('a bar the backtest needs but the file lacks is an error naming the option and time, not a guess', () => {
    const table = new OptionPriceTable(TABLE, FILE, 'start');
    expect(thrown(() => table.optionBar(PE_5900, underlying('09:16')))).toEqual({
      code: 'NO_PREMIUM',
      message: 'options.csv: no 2012-12-27 5900 PE bar at 2012-12-03T03:46:00.000Z',
    });
    expect(thrown(() => table.closePrice({ ...CE_5900, strike: 5950 }, underlying('09:15'))).code).toBe(
      'NO_PREMIUM',
    );
  });

  it('bad input names the file and line: missing columns, unparsable rows, high below low', () => {
    expect(thrown(() => new OptionPriceTable('timestamp,strike,open,close\n', FILE, 'start'))).toEqual({
      code: 'BAD_INPUT',
      message: 'options.csv:1: missing column(s) expiry, type, high, low',
    });
    const row = (cells: string) => `${TABLE.split('\n')[0]}\n${TABLE.split('\n')[1]}\n${cells}`;
    expect(
      thrown(() => new OptionPriceTable(row('yesterday,2012-12-27,5900,CE,1,2,1,1'), FILE, 'start')).message,
    ).toBe('options.csv:3: bad row "yesterday,2012-12-27,5900,CE,1,2,1,1"');
    expect(
      thrown(
        () =>
          new OptionPriceTable(row('2012-12-03T09:16:00+05:30,2012-12-27,5900,XX,1,2,1,1'), FILE, 'start'),
      ).message,
    ).toContain('options.csv:3: bad row');
    expect(
      thrown(
        () =>
          new OptionPriceTable(row('2012-12-03T09:16:00+05:30,2012-12-27,5900,CE,1,abc,1,1'), FILE, 'start'),
      ).message,
    ).toContain('options.csv:3: bad row');
    expect(
      thrown(
        () =>
          new OptionPriceTable(row('2012-12-03T09:16:00+05:30,2012-12-27,5900,CE,5,4,6,5'), FILE, 'start'),
      ),
    ).toEqual({ code: 'BAD_INPUT', message: 'options.csv:3: high 4 < low 6' });
  });
});
