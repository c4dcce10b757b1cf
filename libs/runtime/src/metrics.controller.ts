import { Controller, Get, Header } from '@nestjs/common';

import { metricsRegistry } from '@dalal/observability';

/** GET /metrics: the process's registry in Prometheus text format (all services of the process). */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  async metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
