import { Get } from '@nestjs/common';

import { ApiController } from '../http/api-controller.decorator';
import { type SystemHealth, SystemHealthService } from './system-health.service';

@ApiController('health', { public: true })
export class SystemHealthController {
  constructor(private readonly health: SystemHealthService) {}

  /** 200 even when degraded: the body says what is wrong, and the dashboard shows it. */
  @Get()
  get(): Promise<SystemHealth> {
    return this.health.health();
  }
}
