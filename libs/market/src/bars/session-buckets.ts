import { type Timeframe, timeframeMinutes } from './bar';

export const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const IST_OFFSET_MS = 330 * MS_PER_MINUTE;
/** 09:15 and 15:30 IST in minutes after midnight: the continuous session NSE and BSE share. */
export const SESSION_OPEN_MINUTE = 9 * 60 + 15;
export const SESSION_CLOSE_MINUTE = 15 * 60 + 30;

/** Minutes after IST midnight of an instant (fractional minutes floored). */
export function istMinuteOfDay(time: number): number {
  const local = time + IST_OFFSET_MS;
  return Math.floor((local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY) / MS_PER_MINUTE);
}

/** Epoch ms of IST midnight of the day an instant falls on. */
export function istMidnight(time: number): number {
  return Math.floor((time + IST_OFFSET_MS) / MS_PER_DAY) * MS_PER_DAY - IST_OFFSET_MS;
}

/** A bar bucket: [start, end) in epoch ms. */
export interface Bucket {
  readonly start: number;
  readonly end: number;
}

/**
 * The bucket of `timeframe` that holds the minute starting at `time`. Buckets are counted from the
 * 09:15 IST session open, not from midnight: 3-minute bars open 09:15, 09:18, …; hourly bars 09:15,
 * 10:15, …, 15:15 (the last one ends at the 15:30 close); `1d` is 09:15–15:30. A bucket never runs past
 * the close, so the last bar of a day is short when the session length is not a multiple of the frame.
 * Minutes before the open (pre-open data) fall into buckets counted backwards from 09:15.
 */
export function bucketOf(time: number, timeframe: Timeframe): Bucket {
  return bucketOfMinutes(time, timeframeMinutes(timeframe));
}

export function bucketOfMinutes(time: number, minutes: number): Bucket {
  const midnight = istMidnight(time);
  const minute = Math.floor((time - midnight) / MS_PER_MINUTE);
  const startMinute = SESSION_OPEN_MINUTE + Math.floor((minute - SESSION_OPEN_MINUTE) / minutes) * minutes;
  let endMinute = startMinute + minutes;
  if (startMinute < SESSION_CLOSE_MINUTE && endMinute > SESSION_CLOSE_MINUTE)
    endMinute = SESSION_CLOSE_MINUTE;
  return { start: midnight + startMinute * MS_PER_MINUTE, end: midnight + endMinute * MS_PER_MINUTE };
}
