/** The source of "now". Logic takes a Clock (or an instant) so backtests and tests control time. */
export interface Clock {
  now(): Date;
}

/** The wall clock, for process edges (CLI, apps) only. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock stopped at one instant, for tests and replays. */
export function fixedClock(instant: Date): Clock {
  const ms = instant.getTime();
  return { now: () => new Date(ms) };
}
