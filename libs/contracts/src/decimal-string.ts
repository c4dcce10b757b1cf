import { z } from 'zod';

/** Money, prices and quantities of value travel as decimal strings, never floats: "24150.05", "-1200". */
export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, { message: 'must be a decimal string such as "123.45"' });

export const positiveDecimalString = decimalString.refine((s) => !s.startsWith('-') && /[1-9]/.test(s), {
  message: 'must be a positive decimal string',
});

/** UTC instant on the wire, e.g. "2026-12-02T03:45:00.000Z". */
export const isoTimestamp = z.iso.datetime({ offset: true });

export const positiveInt = z.number().int().positive();
