/** Call (CE) or put (PE), as Indian exchanges name them. */
export const OPTION_TYPES = ['CE', 'PE'] as const;
export type OptionType = (typeof OPTION_TYPES)[number];

export function isOptionType(value: string): value is OptionType {
  return (OPTION_TYPES as readonly string[]).includes(value);
}
