import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BAR, type Bar } from './messages/bar';
import { CONTROL_COMMAND } from './messages/control-command';
import { STRATEGY_INTENT } from './messages/strategy-intent';
import { contractsMarkdown } from './docs';
import { createEnvelope, parseEnvelope } from './envelope';
import {
  barsStream,
  controlStream,
  deadLetterStream,
  intentsStream,
  streamFamily,
  ticksStream,
} from './streams';

const bar: Bar = {
  instrument: 'NIFTY 50',
  exchange: 'NSE',
  timeframe: '3m',
  openTime: '2026-12-01T03:45:00.000Z',
  closeTime: '2026-12-01T03:48:00.000Z',
  open: '24150.05',
  high: '24161.00',
  low: '24140.10',
  close: '24155.95',
  volume: 0,
  closed: true,
};

describe('envelope', () => {
  it('round-trips a bar through JSON and validation', () => {
    const envelope = createEnvelope(BAR, bar, { source: 'market-data', now: Date.UTC(2026, 11, 1, 3, 48) });
    const parsed = parseEnvelope(barsStream(), JSON.stringify(envelope));
    expect(parsed).toEqual({ ok: true, envelope });
    expect(envelope.ts).toBe('2026-12-01T03:48:00.000Z');
    expect(envelope.correlationId).toBe(envelope.id);
  });

  it('carries the correlation id of the message that caused it', () => {
    const cause = createEnvelope(BAR, bar, { source: 'market-data' });
    const effect = createEnvelope(
      CONTROL_COMMAND,
      { command: 'KILL_SWITCH', issuedBy: 'ops', reason: 'test' },
      { source: 'gateway', correlationId: cause.correlationId },
    );
    expect(effect.correlationId).toBe(cause.id);
    expect(effect.id).not.toBe(cause.id);
  });

  it('gives ids that sort in creation order within one millisecond', () => {
    const ids = Array.from({ length: 50 }, () => createEnvelope(BAR, bar, { source: 's', now: 1 }).id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('accepts a sharded stream of the same family', () => {
    const envelope = createEnvelope(BAR, bar, { source: 'market-data' });
    expect(parseEnvelope(barsStream(7), JSON.stringify(envelope)).ok).toBe(true);
  });

  it('names the field when a price is a float instead of a decimal string', () => {
    const envelope = createEnvelope(BAR, bar, { source: 'market-data' });
    const raw = JSON.stringify({ ...envelope, payload: { ...bar, close: 24155.95 } });
    const parsed = parseEnvelope(barsStream(), raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^payload\.close: /);
  });

  it('refuses a message of another type on a stream', () => {
    const envelope = createEnvelope(BAR, bar, { source: 'market-data' });
    const parsed = parseEnvelope(ticksStream(), JSON.stringify(envelope));
    expect(!parsed.ok && parsed.error).toMatch(/^type: /);
  });

  it('refuses text that is not JSON, an unknown stream and a malformed id', () => {
    expect(parseEnvelope(barsStream(), '{oops').ok).toBe(false);
    expect(parseEnvelope('nope', '{}')).toEqual({ ok: false, error: 'unknown stream nope' });
    const envelope = createEnvelope(BAR, bar, { source: 'market-data' });
    const parsed = parseEnvelope(barsStream(), JSON.stringify({ ...envelope, id: 'abc' }));
    expect(!parsed.ok && parsed.error).toMatch(/^id: must be a ULID/);
  });

  it('refuses a LIMIT leg without a price in an intent', () => {
    const envelope = createEnvelope(
      STRATEGY_INTENT,
      {
        intentId: 'i1',
        strategyId: 'ema',
        mode: 'paper',
        action: 'ENTER',
        legs: [
          {
            instrument: 'NIFTY26D0824000CE',
            exchange: 'NFO',
            side: 'BUY',
            quantity: 65,
            orderType: 'LIMIT',
            product: 'MIS',
            validity: 'DAY',
            role: 'MAIN',
          },
        ],
        reason: 'ce_entry',
        indicators: { ema10: 1, ema20: 2 },
        barTime: '2026-12-01T03:45:00.000Z',
      },
      { source: 'strategy-engine' },
    );
    const parsed = parseEnvelope(intentsStream(), JSON.stringify(envelope));
    expect(!parsed.ok && parsed.error).toBe('payload.legs.0.price: LIMIT order needs a price');
  });

  it('refuses an unknown control command', () => {
    const envelope = createEnvelope(
      CONTROL_COMMAND,
      { command: 'REARM', issuedBy: 'ops' },
      { source: 'gateway' },
    );
    const raw = JSON.stringify({ ...envelope, payload: { command: 'SELF_DESTRUCT', issuedBy: 'ops' } });
    expect(parseEnvelope(controlStream(), raw).ok).toBe(false);
  });
});

describe('streams', () => {
  it('names dead-letter streams after their source', () => {
    expect(deadLetterStream(barsStream(2))).toBe('dlq.md.bars.2');
  });

  it('finds the family of sharded and plain names, and nothing for strangers', () => {
    expect(streamFamily('md.bars.12')).toBe('md.bars');
    expect(streamFamily('control')).toBe('control');
    expect(streamFamily('dlq.control')).toBeUndefined();
  });
});

describe('docs/contracts.md', () => {
  it('is the generated reference of the current schemas (run npm run docs:contracts)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'contracts.md'), 'utf8');
    expect(committed).toBe(contractsMarkdown());
  });
});
