import { Module } from '@nestjs/common';

/** risk-manager: intents to approved order requests or rejections; limits and kill switch. */
@Module({})
export class RiskManagerModule {}
