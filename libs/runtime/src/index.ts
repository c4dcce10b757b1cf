export { ControlCommandsHandler } from './control-commands.handler';
export { HealthController, SERVICE_NAME, type Health } from './health.controller';
export { runService, startService, stopService, type ServiceDefinition } from './start-service';
