import { Module } from '@nestjs/common';

/** strategy-engine: bars to strategies to order intents. */
@Module({})
export class StrategyEngineModule {}
