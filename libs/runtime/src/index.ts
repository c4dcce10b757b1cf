export { ControlCommandsHandler } from './control-commands.handler';
export { HealthController, SERVICE_NAME, type Health, type Readiness } from './health.controller';
export { MetricsController } from './metrics.controller';
export { ReadinessChecks, type ReadinessCheck, type ReadinessResult } from './readiness';
export { runService, startService, stopService, type ServiceDefinition } from './start-service';
