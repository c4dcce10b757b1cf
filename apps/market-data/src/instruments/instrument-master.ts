import { type KiteInstrument, parseKiteInstruments } from '@dalal/brokers';
import { type Alert } from '@dalal/contracts';
import { istDate } from '@dalal/market';
import { InstrumentsRepository, type PrismaService } from '@dalal/persistence';

/** Index derivatives we keep in the instruments table (Kite `name`, or the tradingsymbol's root). */
export const INDEX_UNDERLYINGS = [
  'NIFTY',
  'BANKNIFTY',
  'FINNIFTY',
  'MIDCPNIFTY',
  'NIFTYNXT50',
  'SENSEX',
  'BANKEX',
  'SENSEX50',
] as const;

const BY_LENGTH = [...INDEX_UNDERLYINGS].sort((a, b) => b.length - a.length);
const DERIVATIVE_TYPES = new Set(['CE', 'PE', 'FUT']);

/**
 * The index an NFO/BFO row derives from: Kite's `name` when it is one we know, else the longest known
 * root the tradingsymbol starts with followed by the year's digits (old dumps leave `name` empty).
 */
export function indexUnderlying(row: KiteInstrument): string | null {
  if ((INDEX_UNDERLYINGS as readonly string[]).includes(row.name)) return row.name;
  if (row.name !== '') return null;
  const root = BY_LENGTH.find(
    (u) => row.tradingsymbol.startsWith(u) && /^\d/.test(row.tradingsymbol.slice(u.length)),
  );
  return root ?? null;
}

/** NFO/BFO index options and futures of the dump that have not expired before `today`. */
export function selectIndexDerivatives(rows: readonly KiteInstrument[], today: string): KiteInstrument[] {
  return rows.filter(
    (r) =>
      (r.exchange === 'NFO' || r.exchange === 'BFO') &&
      DERIVATIVE_TYPES.has(r.instrumentType) &&
      r.expiry !== null &&
      r.expiry >= today &&
      indexUnderlying(r) !== null,
  );
}

/** Where the day's dump comes from: Kite's `/instruments` in the service, a string in tests. */
export interface InstrumentDumpSource {
  download(): Promise<string>;
}

export interface KiteInstrumentsDownloadOptions {
  readonly apiKey: string;
  /** REST root, e.g. https://api.kite.trade or the fake's URL. */
  readonly root: string;
  readonly accessToken: () => Promise<string>;
}

/**
 * Fetches Kite's full instruments dump (CSV) as text. The CSV is read by `parseKiteInstruments`
 * rather than kiteconnect's `getInstruments`, which turns strikes and tick sizes into floats and
 * expiries into local-time Dates.
 */
export class KiteInstrumentsDownload implements InstrumentDumpSource {
  constructor(private readonly options: KiteInstrumentsDownloadOptions) {}

  async download(): Promise<string> {
    const token = await this.options.accessToken();
    const response = await fetch(`${this.options.root.replace(/\/$/, '')}/instruments`, {
      headers: { 'X-Kite-Version': '3', Authorization: `token ${this.options.apiKey}:${token}` },
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET /instruments answered ${response.status}: ${body.slice(0, 200)}`);
    return body;
  }
}

export interface InstrumentLoadReport {
  readonly ok: boolean;
  /** The IST date the specs were recorded for. */
  readonly date: string;
  /** Rows in the dump, and the index derivatives kept. */
  readonly downloaded: number;
  readonly selected: number;
  readonly created: number;
  /** Existing rows whose broker token or contract fields were filled in. */
  readonly updated: number;
  readonly specsRecorded: number;
  readonly error?: string;
}

export interface InstrumentMasterDeps {
  readonly prisma: PrismaService;
  readonly source: InstrumentDumpSource;
  readonly now: () => Date;
  readonly alert: (alert: Alert) => Promise<void>;
  readonly log?: (level: 'log' | 'warn' | 'error', message: string) => void;
}

const CHUNK = 2_000;
const day = (ymd: string) => new Date(`${ymd}T00:00:00Z`);
const ymdOf = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * The instrument master: downloads the day's Kite dump and upserts the NFO/BFO index options and
 * futures into the instruments table, with their lot and tick size recorded as a spec dated today
 * whenever they differ from the spec in force (so a rerun changes nothing). A failed download raises
 * `instruments_load_failed` and leaves the table as it was: yesterday's rows stay usable.
 */
export class InstrumentMaster {
  private readonly repository: InstrumentsRepository;
  private loaded: KiteInstrument[] | undefined;

  constructor(private readonly deps: InstrumentMasterDeps) {
    this.repository = new InstrumentsRepository(deps.prisma);
  }

  /** The index derivatives of the last successful load (none before one). */
  get instruments(): readonly KiteInstrument[] {
    return this.loaded ?? [];
  }

  async load(): Promise<InstrumentLoadReport> {
    const date = istDate(this.deps.now());
    let stage = 'download';
    try {
      const parsed = parseKiteInstruments(await this.deps.source.download());
      const rows = selectIndexDerivatives(parsed.instruments, date);
      if (rows.length === 0) throw new Error('the dump lists no index options or futures');
      stage = 'store';
      const counts = await this.upsert(rows, date);
      this.loaded = rows;
      this.log(
        'log',
        `instrument master ${date}: ${rows.length} index derivatives of ${parsed.instruments.length}, ${counts.created} new, ${counts.specsRecorded} spec(s) recorded`,
      );
      return { ok: true, date, downloaded: parsed.instruments.length, selected: rows.length, ...counts };
    } catch (err) {
      const error = (err as Error).message;
      this.log('error', `instrument master ${stage} failed: ${error}`);
      try {
        await this.deps.alert({
          severity: 'CRITICAL',
          code: 'instruments_load_failed',
          message: `could not ${stage} the Kite instruments dump (${error}); yesterday's instruments stay in use`,
          details: { date, stage, error },
        });
      } catch (alertErr) {
        this.log('error', `alert instruments_load_failed not published: ${(alertErr as Error).message}`);
      }
      return { ok: false, date, downloaded: 0, selected: 0, created: 0, updated: 0, specsRecorded: 0, error };
    }
  }

  /**
   * The options of `underlying` not expired before `today`, as dump rows: from the last load, else
   * from the instruments table (a failed download at start-up falls back to yesterday's rows).
   */
  async chainInstruments(underlying: string, today: string): Promise<KiteInstrument[]> {
    const fromLoad = this.instruments.filter(
      (r) =>
        indexUnderlying(r) === underlying &&
        (r.instrumentType === 'CE' || r.instrumentType === 'PE') &&
        r.expiry !== null &&
        r.expiry >= today,
    );
    if (fromLoad.length > 0) return fromLoad.map((r) => ({ ...r, name: underlying }));
    const stored = await this.deps.prisma.instrument.findMany({
      where: { underlying, optionType: { in: ['CE', 'PE'] }, expiry: { gte: day(today) } },
    });
    const out: KiteInstrument[] = [];
    for (const s of stored) {
      const token = Number((s.brokerTokens as Record<string, unknown> | null)?.['kite']);
      if (!Number.isInteger(token) || token <= 0 || !s.strike) continue;
      out.push({
        instrumentToken: token,
        exchangeToken: token >> 8,
        tradingsymbol: s.symbol,
        name: underlying,
        lastPrice: '0',
        expiry: ymdOf(s.expiry),
        strike: s.strike.toString(),
        tickSize: '0',
        lotSize: 0,
        instrumentType: s.optionType!,
        segment: `${s.exchange}-OPT`,
        exchange: s.exchange,
      });
    }
    return out;
  }

  private async upsert(
    rows: readonly KiteInstrument[],
    date: string,
  ): Promise<{ created: number; updated: number; specsRecorded: number }> {
    let created = 0;
    let updated = 0;
    let specsRecorded = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const existing = await this.deps.prisma.instrument.findMany({
        where: {
          OR: ['NFO', 'BFO'].map((exchange) => ({
            exchange,
            symbol: { in: chunk.map((r) => r.tradingsymbol) },
          })),
        },
        include: {
          specs: {
            where: { effectiveFrom: { lte: day(date) } },
            orderBy: { effectiveFrom: 'desc' },
            take: 1,
          },
        },
      });
      const byKey = new Map(existing.map((e) => [`${e.exchange}:${e.symbol}`, e]));
      for (const row of chunk) {
        const underlying = indexUnderlying(row)!;
        const option = row.instrumentType === 'CE' || row.instrumentType === 'PE';
        const fields = {
          kind: option ? 'INDEX_OPTION' : 'INDEX_FUTURE',
          underlying,
          expiry: row.expiry!,
          ...(option ? { strike: row.strike, optionType: row.instrumentType as 'CE' | 'PE' } : {}),
          brokerTokens: { kite: String(row.instrumentToken) },
        };
        const found = byKey.get(`${row.exchange}:${row.tradingsymbol}`);
        let id: number;
        if (!found) {
          id = await this.repository.ensureInstrument({
            exchange: row.exchange,
            symbol: row.tradingsymbol,
            ...fields,
          });
          created++;
        } else {
          id = found.id;
          const tokens = (found.brokerTokens ?? {}) as Record<string, unknown>;
          const stale =
            tokens['kite'] !== fields.brokerTokens.kite ||
            found.kind !== fields.kind ||
            found.underlying !== underlying ||
            ymdOf(found.expiry) !== row.expiry ||
            (option &&
              (found.optionType !== row.instrumentType || Number(found.strike) !== Number(row.strike)));
          if (stale) {
            // A row first seen on the feed (BarsRepository) carries no token or contract fields yet.
            await this.deps.prisma.instrument.update({
              where: { id },
              data: {
                kind: fields.kind,
                underlying,
                expiry: day(row.expiry!),
                ...(option ? { strike: row.strike, optionType: row.instrumentType } : {}),
                brokerTokens: { ...tokens, kite: fields.brokerTokens.kite },
              },
            });
            updated++;
          }
          const spec = found.specs[0];
          if (
            spec &&
            Number(spec.lotSize) === row.lotSize &&
            Number(spec.tickSize) === Number(row.tickSize)
          ) {
            continue;
          }
        }
        await this.repository.recordSpec(id, {
          effectiveFrom: date,
          lotSize: String(row.lotSize),
          tickSize: row.tickSize,
          source: 'kite-instruments',
        });
        specsRecorded++;
      }
    }
    return { created, updated, specsRecorded };
  }

  private log(level: 'log' | 'warn' | 'error', message: string): void {
    this.deps.log?.(level, message);
  }
}
