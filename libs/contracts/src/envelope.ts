import { randomFillSync } from 'node:crypto';

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
  /** W3C trace context of the span that published the message; present only while tracing is on. */
  traceparent: z
    .string()
    .regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/, { message: 'must be a W3C traceparent' })
    .optional(),
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
  traceparent?: string;
  payload: PayloadOf<T>;
}

const envelopeSchemas = new Map<MessageType, z.ZodType>(
  (Object.keys(messageCatalog) as MessageType[]).map((type) => [type, envelopeSchemaOf(type)]),
);

export type ParseResult = { ok: true; envelope: Envelope } | { ok: false; error: string };

const schemaByStream = new Map<string, z.ZodType | undefined>();

function schemaForStream(stream: string): z.ZodType | undefined {
  if (!schemaByStream.has(stream)) {
    const family = streamFamily(stream);
    schemaByStream.set(stream, family && envelopeSchemas.get(messageTypeForFamily(family)));
  }
  return schemaByStream.get(stream);
}

/** Validates a raw message read from `stream` against the schema of the type that stream carries. */
export function parseEnvelope(stream: string, raw: string): ParseResult {
  const schema = schemaForStream(stream);
  if (!schema) return { ok: false, error: `unknown stream ${stream}` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, envelope: result.data as Envelope };
  return { ok: false, error: formatIssues(result.error) };
}

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

// ULID randomness from a pooled buffer: one system call per 1,024 values instead of one per character.
const randomPool = new Uint32Array(1024);
let poolIndex = randomPool.length;
function pooledRandom(): number {
  if (poolIndex === randomPool.length) {
    randomFillSync(randomPool);
    poolIndex = 0;
  }
  return randomPool[poolIndex++]! / 2 ** 32;
}

const nextUlid = monotonicFactory(pooledRandom);

// Messages published in a burst share their millisecond; format it once.
let lastMs = NaN;
let lastIso = '';
function isoOf(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

export interface EnvelopeOptions {
  source: string;
  /** Carried from the message that caused this one; a new chain starts with the envelope's own id. */
  correlationId?: string;
  /** Milliseconds since the epoch; injected in tests and backtests. */
  now?: number;
  /** The publishing span's W3C trace context (observability), when tracing is on. */
  traceparent?: string;
}

export function createEnvelope<T extends MessageType>(
  type: T,
  payload: PayloadOf<T>,
  options: EnvelopeOptions,
): Envelope<T> {
  const now = options.now ?? Date.now();
  const id = nextUlid(now);
  const envelope: Envelope<T> = {
    id,
    type,
    v: messageCatalog[type].v,
    ts: isoOf(now),
    correlationId: options.correlationId ?? id,
    source: options.source,
    payload,
  };
  if (options.traceparent) envelope.traceparent = options.traceparent;
  return envelope;
}
