import { Module } from '@nestjs/common';

/** order-execution: order requests to the broker; fills, positions and reconciliation. */
@Module({})
export class OrderExecutionModule {}
