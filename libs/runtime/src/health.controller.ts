import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';

import { STREAM_STORE, type StreamStore } from '@dalal/bus';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

export interface Health {
  status: 'ok' | 'error';
  service: string;
  bus: 'up' | 'down';
}

/** GET /health: 200 while the bus answers, 503 (same body shape) when it does not. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(STREAM_STORE) private readonly store: StreamStore,
  ) {}

  @Get()
  async health(): Promise<Health> {
    if (await this.store.ping()) return { status: 'ok', service: this.service, bus: 'up' };
    throw new ServiceUnavailableException({
      status: 'error',
      service: this.service,
      bus: 'down',
    } satisfies Health);
  }
}
