import { Module } from '@nestjs/common';

/** market-data: broker feeds to validated ticks and session-aligned bars. */
@Module({})
export class MarketDataModule {}
