import { Body, Controller, ForbiddenException, HttpCode, Inject, Post } from '@nestjs/common';

import { type KitePostback, verifyKitePostback } from '@dalal/brokers';

import { EXECUTION_CONFIG } from './execution.tokens';
import { type OrderExecutionConfig } from './config';
import { OrderExecutor } from './execution/order-executor';

/**
 * Kite's postback URL: a signed notice that one of our orders changed. It only wakes the sync, which
 * reads the broker's own order book: the postback body is never trusted for state, only its signature
 * for the wake-up. Polling remains the safety net when postbacks are late or lost.
 */
@Controller('postbacks')
export class KitePostbackController {
  constructor(
    private readonly executor: OrderExecutor,
    @Inject(EXECUTION_CONFIG) private readonly config: Pick<OrderExecutionConfig, 'KITE_API_SECRET'>,
  ) {}

  @Post('kite')
  @HttpCode(200)
  async kite(@Body() postback: KitePostback): Promise<{ status: 'accepted' }> {
    const secret = this.config.KITE_API_SECRET;
    if (!secret || !verifyKitePostback(postback, secret))
      throw new ForbiddenException('postback checksum does not match');
    void this.executor.sync().catch(() => undefined); // failures surface through the next poll and its alerts
    return { status: 'accepted' };
  }
}
