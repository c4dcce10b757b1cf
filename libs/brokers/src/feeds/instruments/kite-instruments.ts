import { FeedError } from '../feed-error';

/** One row of Kite's daily instruments dump (brokers.md §1.5), typed; money stays a decimal string. */
export interface KiteInstrument {
  readonly instrumentToken: number;
  readonly exchangeToken: number;
  readonly tradingsymbol: string;
  /** Underlying name for derivatives (may be empty in older dumps). */
  readonly name: string;
  /** Stale by design: the dump is regenerated once a day. */
  readonly lastPrice: string;
  /** ISO date, or null for instruments that do not expire. */
  readonly expiry: string | null;
  readonly strike: string;
  readonly tickSize: string;
  readonly lotSize: number;
  /** EQ, FUT, CE or PE. */
  readonly instrumentType: string;
  /** e.g. NFO-OPT, NFO-FUT, NSE, INDICES. */
  readonly segment: string;
  readonly exchange: string;
}

export interface KiteInstrumentsParse {
  readonly instruments: KiteInstrument[];
  /** Rows with the wrong field count or an unreadable number or date, with their 1-based line. */
  readonly skipped: ReadonlyArray<{ readonly line: number; readonly reason: string }>;
}

export const KITE_INSTRUMENTS_HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Splits one CSV line, honouring double quotes (names can hold commas). */
function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Parses the dump; throws only if the header is not Kite's, and skips (and reports) bad rows. */
export function parseKiteInstruments(csv: string): KiteInstrumentsParse {
  const lines = csv.split(/\r?\n/);
  if (lines[0]?.trim() !== KITE_INSTRUMENTS_HEADER) {
    throw new FeedError('INVALID_CSV', `not a Kite instruments dump: header "${lines[0] ?? ''}"`);
  }
  const instruments: KiteInstrument[] = [];
  const skipped: Array<{ line: number; reason: string }> = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const f = splitCsv(line);
    if (f.length !== 12) {
      skipped.push({ line: i + 1, reason: `${f.length} fields, expected 12` });
      continue;
    }
    const [
      token,
      exchangeToken,
      tradingsymbol,
      name,
      lastPrice,
      expiry,
      strike,
      tickSize,
      lotSize,
      type,
      segment,
      exchange,
    ] = f as [string, string, string, string, string, string, string, string, string, string, string, string];
    const bad =
      (!/^\d+$/.test(token) && 'instrument_token') ||
      (!/^\d+$/.test(exchangeToken) && 'exchange_token') ||
      (!DECIMAL.test(lastPrice) && 'last_price') ||
      (expiry !== '' && !DATE.test(expiry) && 'expiry') ||
      (!DECIMAL.test(strike) && 'strike') ||
      (!DECIMAL.test(tickSize) && 'tick_size') ||
      (!/^\d+$/.test(lotSize) && 'lot_size') ||
      (tradingsymbol === '' && 'tradingsymbol');
    if (bad) {
      skipped.push({ line: i + 1, reason: `unreadable ${bad}` });
      continue;
    }
    instruments.push({
      instrumentToken: Number(token),
      exchangeToken: Number(exchangeToken),
      tradingsymbol,
      name,
      lastPrice,
      expiry: expiry === '' ? null : expiry,
      strike,
      tickSize,
      lotSize: Number(lotSize),
      instrumentType: type,
      segment,
      exchange,
    });
  }
  return { instruments, skipped };
}
