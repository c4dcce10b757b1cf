import { Inject, Injectable } from '@nestjs/common';

import { STREAM_STORE, type StreamStore } from '@dalal/bus';
import { tradingCalendar } from '@dalal/market';
import { ReadModelsRepository } from '@dalal/persistence';

import { type GatewayConfig } from '../config';
import { GATEWAY_CLOCK, GATEWAY_CONFIG, type GatewayClock } from '../gateway.tokens';

export interface SystemHealth {
  status: 'ok' | 'degraded';
  at: string;
  bus: 'up' | 'down';
  database: 'up' | 'down';
  market: { exchange: 'NSE'; open: boolean };
  tradingState: string | null;
  /** Each configured service's own /health answer; the gateway itself is always listed. */
  services: Array<{ name: string; status: 'ok' | 'error' | 'unreachable' }>;
  brokers: Array<{ broker: string; accountId: string; valid: boolean; expiresAt: string | null }>;
}

const PROBE_TIMEOUT_MS = 1_000;

/** GET /api/v1/health without auth: what an operator checks first. Nothing here names a secret. */
@Injectable()
export class SystemHealthService {
  // Built once: building a calendar takes long enough to starve the bus ping's 500 ms timer.
  private readonly calendar = tradingCalendar('NSE');

  constructor(
    @Inject(STREAM_STORE) private readonly store: StreamStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
    private readonly read: ReadModelsRepository,
  ) {}

  async health(): Promise<SystemHealth> {
    const now = this.clock();
    // The bus first, alone: its ping has a 500 ms timer that a first database query's CPU work can starve.
    const bus = await this.store.ping().catch(() => false);
    const [database, services] = await Promise.all([
      this.databaseView(now),
      Promise.all(this.config.SERVICE_HEALTH_URLS.map((service) => this.probe(service))),
    ]);
    const status =
      bus && database && services.every((service) => service.status === 'ok') ? 'ok' : 'degraded';
    return {
      status,
      at: now.toISOString(),
      bus: bus ? 'up' : 'down',
      database: database ? 'up' : 'down',
      market: { exchange: 'NSE', open: this.calendar.isOpen(now) },
      tradingState: database?.tradingState ?? null,
      services: [{ name: 'gateway', status: 'ok' }, ...services],
      brokers: database?.brokers ?? [],
    };
  }

  private async databaseView(now: Date) {
    try {
      const [states, sessions] = await Promise.all([this.read.tradingStates(), this.read.brokerSessions(20)]);
      const latest = new Map<string, (typeof sessions)[number]>();
      for (const session of sessions) {
        const key = `${session.broker}:${session.accountId}`;
        if (!latest.has(key)) latest.set(key, session);
      }
      return {
        tradingState: states.find((state) => state.scope === 'ACCOUNT')?.state ?? 'ACTIVE',
        brokers: [...latest.values()].map((session) => ({
          broker: session.broker,
          accountId: session.accountId,
          valid:
            session.revokedAt === null &&
            (session.expiresAt === null || Date.parse(session.expiresAt) > now.getTime()),
          expiresAt: session.expiresAt,
        })),
      };
    } catch {
      return null; // reported as database: down
    }
  }

  private async probe(service: { name: string; url: string }) {
    try {
      const response = await fetch(service.url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      return { name: service.name, status: response.ok ? ('ok' as const) : ('error' as const) };
    } catch {
      return { name: service.name, status: 'unreachable' as const };
    }
  }
}
