import { monotonicFactory } from 'ulid';
import { z } from 'zod';

import { messageCatalog, messageTypeForFamily, type MessageType, type PayloadOf } from './catalog';
import { isoTimestamp } from './decimal-string';
import { streamFamily } from './streams';

const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const envelopeHeader = {
  id: z.string().regex(ulidPattern, { message: 'must be a ULID' }),
  v: z.number().int().positive(),
  ts: isoTimestamp,
  correlationId: z.string().min(1),
  source: z.string().min(1),
};

function envelopeSchemaOf<T extends MessageType>(type: T) {
  const entry = messageCatalog[type];
  return z.object({
    ...envelopeHeader,
    type: z.literal(type),
    v: z.literal(entry.v),
    payload: entry.payload as (typeof messageCatalog)[T]['payload'],
  });
}

export interface Envelope<T extends MessageType = MessageType> {
  id: string;
  type: T;
  v: number;
  ts: string;
  correlationId: string;
  source: string;
  payload: PayloadOf<T>;
}

const envelopeSchemas = new Map<MessageType, z.ZodType>(
  (Object.keys(messageCatalog) as MessageType[]).map((type) => [type, envelopeSchemaOf(type)]),
);

export type ParseResult = { ok: true; envelope: Envelope } | { ok: false; error: string };

/** Validates a raw message read from `stream` against the schema of the type that stream carries. */
export function parseEnvelope(stream: string, raw: string): ParseResult {
  const family = streamFamily(stream);
  if (!family) return { ok: false, error: `unknown stream ${stream}` };
  const type = messageTypeForFamily(family);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  const result = envelopeSchemas.get(type)!.safeParse(json);
  if (result.success) return { ok: true, envelope: result.data as Envelope };
  return { ok: false, error: formatIssues(result.error) };
}

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

const nextUlid = monotonicFactory();

export interface EnvelopeOptions {
  source: string;
  /** Carried from the message that caused this one; a new chain starts with the envelope's own id. */
  correlationId?: string;
  /** Milliseconds since the epoch; injected in tests and backtests. */
  now?: number;
}

export function createEnvelope<T extends MessageType>(
  type: T,
  payload: PayloadOf<T>,
  options: EnvelopeOptions,
): Envelope<T> {
  const now = options.now ?? Date.now();
  const id = nextUlid(now);
  return {
    id,
    type,
    v: messageCatalog[type].v,
    ts: new Date(now).toISOString(),
    correlationId: options.correlationId ?? id,
    source: options.source,
    payload,
  };
}
