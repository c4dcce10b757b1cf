import {
  BrokerError,
  type BrokerAdapter,
  isBrokerError,
  KiteAdapter,
  type ModifyOrder,
  type PlaceOrder,
  type CandleInterval,
} from '@dalal/brokers';
import { type BrokerSessionsRepository } from '@dalal/persistence';

/**
 * Kite with the access token of the trader's latest login, read (and decrypted) from the broker
 * sessions table when needed. Without a live session every call fails as TOKEN_EXPIRED, so trading
 * blocks and alerts instead of crashing; `reload()` (on BROKER_SESSION_RENEWED) picks up a new login.
 */
export class SessionKiteBroker implements BrokerAdapter {
  readonly broker = 'kite';
  private adapter: KiteAdapter | undefined;

  constructor(
    private readonly sessions: BrokerSessionsRepository,
    private readonly options: { apiKey: string; userId: string; root: string; now: () => Date },
  ) {}

  reload(): void {
    this.adapter = undefined;
  }

  placeOrder(order: PlaceOrder) {
    return this.call((k) => k.placeOrder(order));
  }
  modifyOrder(id: string, changes: ModifyOrder) {
    return this.call((k) => k.modifyOrder(id, changes));
  }
  cancelOrder(id: string) {
    return this.call((k) => k.cancelOrder(id));
  }
  getOrder(id: string) {
    return this.call((k) => k.getOrder(id));
  }
  getOrders() {
    return this.call((k) => k.getOrders());
  }
  getTrades() {
    return this.call((k) => k.getTrades());
  }
  getPositions() {
    return this.call((k) => k.getPositions());
  }
  getHoldings() {
    return this.call((k) => k.getHoldings());
  }
  getMargins() {
    return this.call((k) => k.getMargins());
  }
  getQuotes(instruments: ReadonlyArray<{ exchange: string; instrument: string }>) {
    return this.call((k) => k.getQuotes(instruments));
  }
  getCandles(token: number, interval: CandleInterval, from: Date, to: Date) {
    return this.call((k) => k.getCandles(token, interval, from, to));
  }
  getInstruments(exchange?: string) {
    return this.call((k) => k.getInstruments(exchange));
  }

  private async call<T>(request: (kite: KiteAdapter) => Promise<T>): Promise<T> {
    const kite = await this.current();
    try {
      return await request(kite);
    } catch (err) {
      if (isBrokerError(err) && err.code === 'TOKEN_EXPIRED') this.adapter = undefined;
      throw err;
    }
  }

  private async current(): Promise<KiteAdapter> {
    if (this.adapter) return this.adapter;
    const session = await this.sessions.currentSession('kite', this.options.userId, this.options.now());
    if (!session) {
      throw new BrokerError(
        'TOKEN_EXPIRED',
        this.broker,
        `no live Kite session for ${this.options.userId}: log in again`,
      );
    }
    this.adapter = new KiteAdapter({
      apiKey: this.options.apiKey,
      accessToken: session.accessToken,
      root: this.options.root,
    });
    return this.adapter;
  }
}
