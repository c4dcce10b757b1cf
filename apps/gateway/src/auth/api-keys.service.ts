import { createHash, randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { type ApiKeyRecord, ApiKeysRepository } from '@dalal/persistence';

import { AuditService } from '../audit/audit.service';
import { GatewayError } from '../gateway-error';
import { GATEWAY_CLOCK, type GatewayClock } from '../gateway.tokens';
import { type CallContext, type Principal } from './principal';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const KEY_PATTERN = /^dk_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;
/** lastUsedAt is a hint for the owner, not an audit trail: written at most once a minute per key. */
const TOUCH_EVERY_MS = 60_000;

// SHA-256, not scrypt: a key carries 192 random bits, so a fast hash cannot be brute-forced, and a
// deterministic hash lets the key be looked up by it. (Passwords, chosen by people, get scrypt.)
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

function view(record: ApiKeyRecord): ApiKeyView {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/** Keys for scripts: `dk_<id>_<secret>`, shown once at creation; only the SHA-256 of the key is stored. */
@Injectable()
export class ApiKeysService {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditService,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
  ) {}

  async create(name: string, caller: CallContext): Promise<ApiKeyView & { key: string }> {
    const id = randomBytes(8).toString('hex');
    const key = `dk_${id}_${randomBytes(24).toString('base64url')}`;
    const record = await this.keys.create({
      id,
      name,
      keyHash: hashKey(key),
      prefix: key.slice(0, 11),
      createdBy: caller.principal.actor,
      at: this.clock(),
    });
    await this.audit.record(caller, 'api_key.create', `api-key:${id}`, { name });
    return { ...view(record), key };
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.list()).map(view);
  }

  async revoke(id: string, caller: CallContext): Promise<ApiKeyView> {
    const record = await this.keys.revoke(id, this.clock());
    if (!record) throw new GatewayError('NOT_FOUND', `no active API key ${id}`, { field: 'id' });
    await this.audit.record(caller, 'api_key.revoke', `api-key:${id}`, { name: record.name });
    return view(record);
  }

  /** The script behind a valid, unrevoked key, or null. */
  async principalOf(key: string): Promise<Principal | null> {
    if (!KEY_PATTERN.test(key)) return null;
    const record = await this.keys.findActiveByHash(hashKey(key));
    if (!record) return null;
    const now = this.clock().getTime();
    if (now - (this.touched.get(record.id) ?? 0) >= TOUCH_EVERY_MS) {
      this.touched.set(record.id, now);
      await this.keys.touch(record.id, new Date(now));
    }
    return { kind: 'api-key', actor: `api-key:${record.id}` };
  }
}
