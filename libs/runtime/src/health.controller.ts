import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';

import { STREAM_STORE, type StreamStore } from '@dalal/bus';

import { ReadinessChecks, type ReadinessResult } from './readiness';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

export interface Health {
  status: 'ok' | 'error';
  service: string;
  bus: 'up' | 'down';
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  service: string;
  checks: Record<string, ReadinessResult>;
}

/**
 * Liveness says the process answers (restart it when it does not); readiness says its dependencies do
 * (send it no work when they do not). `GET /health` stays as the bus check older probes call.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(STREAM_STORE) private readonly store: StreamStore,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** 200 while the bus answers, 503 (same body shape) when it does not. */
  @Get()
  async health(): Promise<Health> {
    if (await this.store.ping()) return { status: 'ok', service: this.service, bus: 'up' };
    throw new ServiceUnavailableException({
      status: 'error',
      service: this.service,
      bus: 'down',
    } satisfies Health);
  }

  /** The event loop runs and HTTP answers: nothing else, so a Redis outage does not restart every pod. */
  @Get('live')
  live(): { status: 'alive'; service: string } {
    return { status: 'alive', service: this.service };
  }

  /** 200 when every registered check passes, 503 naming the failing ones otherwise. */
  @Get('ready')
  async ready(): Promise<Readiness> {
    const checks = await this.readiness.run();
    const body = { service: this.service, checks };
    if (Object.values(checks).every((c) => c.ok)) return { status: 'ready', ...body };
    throw new ServiceUnavailableException({ status: 'not_ready', ...body } satisfies Readiness);
  }
}
