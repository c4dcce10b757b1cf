import { Injectable } from '@nestjs/common';

import { type Tick } from '@dalal/contracts';

export interface LastPrice {
  ltp: string;
  at: string;
}

/** The last traded price of every instrument the gateway has seen a tick for, to mark positions live. */
@Injectable()
export class LastPrices {
  private readonly prices = new Map<string, LastPrice>();

  update(tick: Tick): void {
    this.prices.set(`${tick.exchange}:${tick.instrument}`, { ltp: tick.ltp, at: tick.exchangeTs });
  }

  of(exchange: string, instrument: string): LastPrice | undefined {
    return this.prices.get(`${exchange}:${instrument}`);
  }
}
