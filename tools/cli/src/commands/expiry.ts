import {
  istDate,
  nextExpiry,
  tradingCalendar,
  underlyingSpec,
  weekdayName,
  weekdayOf,
  type IsoDate,
} from '@dalal/market';
import { parseArgs } from 'node:util';

import { readDate, readUnderlying, rejectExtraPositionals, requirePositional } from '../arguments';
import { runCommand, type Command } from '../command';

export const EXPIRY_USAGE = 'dalal expiry <UNDERLYING> [--on YYYY-MM-DD] [--monthly] [--json]';

function describe(date: IsoDate): string {
  return `${weekdayName(weekdayOf(date))} ${date}`;
}

/** The next expiry on or after a date (today in IST by default), with any holiday shift explained. */
export const expiryCommand: Command = (args, { clock }) =>
  runCommand(EXPIRY_USAGE, () => {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { on: { type: 'string' }, monthly: { type: 'boolean' }, json: { type: 'boolean' } },
    });
    const underlying = readUnderlying(requirePositional(positionals, 0, 'UNDERLYING'));
    rejectExtraPositionals(positionals, 1);
    const on = values.on === undefined ? istDate(clock.now()) : readDate(values.on, '--on');
    const expiry = nextExpiry(underlying, on, { monthly: values.monthly ?? false });
    const shiftedFor =
      expiry.scheduled === expiry.date
        ? null
        : (tradingCalendar(underlyingSpec(underlying).exchange).holidayOn(expiry.scheduled)?.name ??
          'holiday');
    const text =
      `${describe(expiry.date)}  ${underlying} ${expiry.kind} expiry` +
      (shiftedFor ? ` (moved from ${describe(expiry.scheduled)}: ${shiftedFor})` : '');
    return {
      json: values.json ?? false,
      output: {
        text,
        json: {
          underlying,
          on,
          expiry: expiry.date,
          weekday: weekdayName(weekdayOf(expiry.date)),
          kind: expiry.kind,
          scheduled: expiry.scheduled,
          shiftedFor,
        },
      },
    };
  });
