import { parseBarsCsv } from './csv-bars';

const HEADER = 'timestamp,open,high,low,close,volume';
const parse = (body: string, barLabel: 'start' | 'end' = 'start') =>
  parseBarsCsv(`${HEADER}\n${body}`, { file: 'in.csv', barLabel });

describe('parseBarsCsv', () => {
  it('reads ISO timestamps with their offset; end-labelled rows move back one minute to their start', () => {
    const text = '2012-12-03T09:16:00+05:30,5870.55,5871.00,5869.10,5870.00,0';
    expect(parse(text, 'end')[0]).toEqual({
      time: Date.parse('2012-12-03T03:45:00Z'),
      open: 5870.55,
      high: 5871,
      low: 5869.1,
      close: 5870,
      volume: 0,
    });
    expect(parse(text, 'start')[0]!.time).toBe(Date.parse('2012-12-03T03:46:00Z'));
  });

  it('names the file, line and problem', () => {
    expect(() => parseBarsCsv('timestamp,open,high,close\n', { file: 'in.csv', barLabel: 'end' })).toThrow(
      'in.csv:1: missing column(s) low',
    );
    expect(() => parse('2012-12-03T09:16:00+05:30,1,2,1,1,0\nyesterday,1,2,1,1,0')).toThrow(
      'in.csv:3: unparsable timestamp "yesterday"',
    );
    expect(() => parse('2012-12-03T09:16:00,1,2,1,1,0')).toThrow('need ISO 8601 with an offset');
    expect(() => parse('2012-12-03T09:16:00+05:30,1,2,1,1,0\n2012-12-03T09:16:00+05:30,1,2,1,1,0')).toThrow(
      'in.csv:3: timestamp 2012-12-03T09:16:00+05:30 is not after the previous row',
    );
    expect(() => parse('2012-12-03T09:16:00+05:30,1,1,2,1,0')).toThrow('in.csv:2: high 1 < low 2');
    expect(() => parse('2012-12-03T09:16:00+05:30,1,x,1,1,0')).toThrow('in.csv:2: high "x" is not a number');
  });
});
