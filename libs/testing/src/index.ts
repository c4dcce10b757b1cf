export { barPayload } from './bar-payload';
export { RedisServerProcess } from './redis-server-process';
export { waitFor } from './wait-for';
