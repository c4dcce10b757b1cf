import { Injectable } from '@nestjs/common';

import { StreamPublisher } from '@dalal/bus';
import {
  ALERT,
  BAR,
  TICK,
  alertsStream,
  barsStream,
  ticksStream,
  type Alert,
  type Bar,
  type Tick,
} from '@dalal/contracts';
import { BarsRepository, InstrumentsRepository } from '@dalal/persistence';

import { type MarketDataSink } from './market-data-runner';

/** Ticks on `md.ticks`, bars on `md.bars` (closed ones stored in Postgres first), alerts on `alerts`. */
@Injectable()
export class BusMarketDataSink implements MarketDataSink {
  constructor(
    private readonly publisher: StreamPublisher,
    private readonly bars_: BarsRepository,
    private readonly instruments: InstrumentsRepository,
  ) {}

  async ticks(ticks: readonly Tick[]): Promise<void> {
    await this.publisher.publishMany(ticksStream(), TICK, ticks);
  }

  async bars(bars: readonly Bar[]): Promise<void> {
    const byInstrument = new Map<string, Bar[]>();
    for (const bar of bars) {
      if (!bar.closed) continue;
      const key = `${bar.exchange}:${bar.instrument}`;
      const list = byInstrument.get(key);
      if (list) list.push(bar);
      else byInstrument.set(key, [bar]);
    }
    for (const list of byInstrument.values()) {
      const { exchange, instrument } = list[0]!;
      const id = await this.instruments.ensureInstrument({
        exchange,
        symbol: instrument,
        kind: instrumentKind(exchange, instrument),
      });
      await this.bars_.saveBarMessages(id, list);
    }
    await this.publisher.publishMany(barsStream(), BAR, bars);
  }

  async alert(alert: Alert): Promise<void> {
    await this.publisher.publish(alertsStream(), ALERT, alert);
  }
}

const INDEX_ROOTS = /^(NIFTY|BANKNIFTY|FINNIFTY|MIDCPNIFTY|SENSEX|BANKEX)/;

/** The instruments table's `kind` for a symbol seen on the feed before the instrument master names it. */
export function instrumentKind(exchange: string, symbol: string): string {
  const derivative = exchange === 'NFO' || exchange === 'BFO';
  if (derivative && /(CE|PE)$/.test(symbol)) return INDEX_ROOTS.test(symbol) ? 'INDEX_OPTION' : 'OPTION';
  if (derivative && /FUT$/.test(symbol)) return INDEX_ROOTS.test(symbol) ? 'INDEX_FUTURE' : 'FUTURE';
  if (/ /.test(symbol) || /^(NIFTY|SENSEX)/.test(symbol)) return 'INDEX';
  return 'EQUITY';
}
