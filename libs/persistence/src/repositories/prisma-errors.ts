/** Prisma's unique-constraint violation (P2002), from the client or raised inside a transaction. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (code === 'P2002') return true;
  // Raw queries surface the database's own code (23505) inside P2010.
  return code === 'P2010' && /23505|unique/i.test(String((err as { message?: unknown }).message));
}
