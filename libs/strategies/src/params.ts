import { z } from 'zod';

import { StrategyError } from './strategy-error';

/** `HH:MM` IST wall-clock time; kept as text in params so they print as given. */
export const istClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/** Minutes after midnight of an `HH:MM` time already validated by `istClock`. */
export function clockMinutes(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/**
 * Validates a strategy's parameters: defaults from the schema, then the preset, then `overrides` (as
 * given on the command line, strings coerced by the schema). Unknown keys are refused so a typo in
 * `--set` cannot silently do nothing.
 */
export function parseParams<S extends z.ZodObject>(
  id: string,
  schema: S,
  ...layers: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>
): z.output<S> {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) Object.assign(merged, layer ?? {});
  const known = new Set(Object.keys(schema.shape));
  const unknown = Object.keys(merged).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new StrategyError(
      'INVALID_PARAMS',
      `${id}: unknown parameter(s) ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new StrategyError('INVALID_PARAMS', `${id}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
