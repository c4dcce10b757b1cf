/**
 * Kite stamps times as IST wall clock ("2021-05-31 09:18:57"), and kiteconnect turns some of them into
 * `Date`s by parsing that text in the process's own time zone. Either way we read back the wall-clock
 * fields and declare them IST, which gives the right instant on a server in any zone.
 */
export function kiteTimeToUtcIso(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const wall =
    value instanceof Date
      ? `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}T${pad(value.getHours())}:${pad(
          value.getMinutes(),
        )}:${pad(value.getSeconds())}`
      : value.replace(' ', 'T').slice(0, 19);
  const instant = new Date(`${wall}+05:30`);
  if (Number.isNaN(instant.getTime())) return undefined;
  return instant.toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');
