import { MarketError } from '../errors/market-error';
import { fromEpochDay, toEpochDay, type IsoDate } from './local-date';

/** India Standard Time is UTC+05:30 all year: India has observed no daylight saving since 1945. */
export const IST_OFFSET_MINUTES = 330;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const IST_OFFSET_MS = IST_OFFSET_MINUTES * MS_PER_MINUTE;

/** Wall-clock time in IST as `HH:MM` or `HH:MM:SS`. */
export type IstTime = string;

export interface IstDateTime {
  readonly date: IsoDate;
  /** Milliseconds since IST midnight. */
  readonly msOfDay: number;
  /** `HH:MM:SS`, for display. */
  readonly time: string;
}

const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Parses `HH:MM[:SS]` into milliseconds since midnight. `24:00` is allowed as the end of a day. */
export function parseIstTime(time: IstTime): number {
  const match = TIME.exec(time);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  const seconds = Number(match?.[3] ?? 0);
  const valid =
    match !== null &&
    minutes < 60 &&
    seconds < 60 &&
    (hours < 24 || (hours === 24 && minutes === 0 && seconds === 0));
  if (!valid) throw new MarketError('INVALID_TIME', `"${time}" is not a valid HH:MM[:SS] time`);
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

function assertValidInstant(instant: Date): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new MarketError('INVALID_DATE', 'instant is an invalid Date');
  return ms;
}

/** The IST calendar date and wall-clock time of a UTC instant. */
export function toIst(instant: Date): IstDateTime {
  const local = assertValidInstant(instant) + IST_OFFSET_MS;
  const epochDay = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - epochDay * MS_PER_DAY;
  const totalSeconds = Math.floor(msOfDay / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
  return { date: fromEpochDay(epochDay), msOfDay, time };
}

/** The IST calendar date of an instant: the exchange day it belongs to. */
export function istDate(instant: Date): IsoDate {
  return toIst(instant).date;
}

/** The UTC instant of an IST wall-clock time on an IST date. */
export function fromIst(date: IsoDate, time: IstTime = '00:00'): Date {
  const ms = toEpochDay(date) * MS_PER_DAY + parseIstTime(time) - IST_OFFSET_MS;
  // Building a Date from computed epoch milliseconds reads no clock, so it stays deterministic.
  return new Date(ms);
}
