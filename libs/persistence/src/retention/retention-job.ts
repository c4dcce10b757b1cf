import { once } from 'node:events';
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';

import { type SqlConnection } from '../migrations/sql-connection';
import { type PrismaService } from '../prisma.service';

export interface RetentionPolicy {
  /** Bars whose open time is older than this many days are archived and deleted. */
  barsOlderThanDays: number;
  /** Order events and alerts older than this many days are archived and deleted. */
  eventsOlderThanDays: number;
  /** Where the gzip JSONL archives go. */
  archiveDir: string;
}

export interface RetentionResult {
  table: string;
  cutoff: Date;
  rows: number;
  /** The archive written, or null when nothing was old enough. */
  file: string | null;
}

/** Tables the job trims and the timestamp column that ages them. */
const TABLES = [
  { table: 'bars', column: 'open_time', policy: 'barsOlderThanDays' },
  { table: 'order_events', column: 'at', policy: 'eventsOlderThanDays' },
  { table: 'alerts', column: 'raised_at', policy: 'eventsOlderThanDays' },
] as const;

const BATCH = 10_000;
const DAY_MS = 86_400_000;

export function retentionPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionPolicy {
  const days = (name: string, fallback: number) => {
    const raw = env[name]?.trim();
    const value = raw ? Number(raw) : fallback;
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of days ≥ 1`);
    return value;
  };
  const dataDir = resolve(env['DATA_DIR']?.trim() || './data');
  return {
    barsOlderThanDays: days('RETENTION_BARS_DAYS', 730),
    eventsOlderThanDays: days('RETENTION_EVENTS_DAYS', 400),
    archiveDir: resolve(env['RETENTION_ARCHIVE_DIR']?.trim() || join(dataDir, 'archive')),
  };
}

/**
 * Moves old rows out of the database into `<archiveDir>/<table>/<table>-before-<cutoff>-<run>.jsonl.gz`
 * (one JSON object per line, gzip). Per table, one transaction deletes in batches with RETURNING and
 * streams the rows to the archive; the archive is flushed to disk before COMMIT, so a failure anywhere
 * rolls back and leaves every row in the database. The append-only trigger admits these deletes only
 * because the transaction sets `dalal.retention_delete`.
 */
export async function runRetention(
  prisma: PrismaService,
  policy: RetentionPolicy,
  now: Date,
): Promise<RetentionResult[]> {
  const results: RetentionResult[] = [];
  const runStamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  for (const { table, column, policy: key } of TABLES) {
    const cutoff = new Date(now.getTime() - policy[key] * DAY_MS);
    const base = join(policy.archiveDir, table);
    const file = join(base, `${table}-before-${cutoff.toISOString().slice(0, 10)}-${runStamp}.jsonl.gz`);
    const rows = await prisma.handle.withSql((sql) => archiveTable(sql, table, column, cutoff, base, file));
    results.push({ table, cutoff, rows, file: rows > 0 ? file : null });
  }
  return results;
}

async function archiveTable(
  sql: SqlConnection,
  table: string,
  column: string,
  cutoff: Date,
  dir: string,
  file: string,
): Promise<number> {
  let sink: { gzip: Gzip; out: WriteStream } | null = null;
  let rows = 0;
  await sql.exec('BEGIN');
  try {
    await sql.exec(`SET LOCAL dalal.retention_delete = 'on'`);
    for (;;) {
      const batch = await sql.query<{ j: string }>(
        `DELETE FROM "${table}" WHERE ctid IN (SELECT ctid FROM "${table}" WHERE "${column}" < $1 LIMIT ${BATCH})
         RETURNING to_jsonb("${table}".*)::text AS j`,
        [cutoff.toISOString()],
      );
      if (batch.length === 0) break;
      if (!sink) {
        mkdirSync(dir, { recursive: true });
        const gzip = createGzip();
        const out = createWriteStream(file, { flags: 'wx' });
        gzip.pipe(out);
        sink = { gzip, out };
      }
      for (const { j } of batch) {
        if (!sink.gzip.write(`${j}\n`)) await once(sink.gzip, 'drain');
      }
      rows += batch.length;
    }
    if (sink) {
      sink.gzip.end();
      await finished(sink.out);
    }
    await sql.exec('COMMIT');
    return rows;
  } catch (err) {
    await sql.exec('ROLLBACK');
    if (sink) {
      sink.gzip.destroy();
      rmSync(file, { force: true });
    }
    throw err;
  }
}
