import { Module } from '@nestjs/common';

/** gateway: REST and WebSocket for dashboards, broker login and the Telegram bot. */
@Module({})
export class GatewayModule {}
