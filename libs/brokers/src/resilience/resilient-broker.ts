import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';

import {
  type BrokerAdapter,
  type BrokerCandle,
  type BrokerHolding,
  type BrokerInstrument,
  type BrokerMargins,
  type BrokerOrder,
  type BrokerPosition,
  type BrokerQuote,
  type BrokerTrade,
  type CandleInterval,
  type ModifyOrder,
  type PlaceOrder,
} from '../broker-adapter';
import { BrokerError, isBrokerError } from '../broker-error';
import { type RateWindow, SlidingWindowLimiter } from './sliding-window-limiter';

export interface ResilienceOptions {
  /** Order placement, modification and cancellation limits (Kite: 10/s and 400/min). */
  orderRate: readonly RateWindow[];
  /** Consecutive transient failures that open the circuit. */
  breakAfter?: number;
  /** How long the circuit stays open before one trial request. */
  halfOpenAfterMs?: number;
  /** Attempts of a safe (read) request on transient failures. */
  readAttempts?: number;
  onCircuitOpen?: (lastError: string) => void;
  onCircuitClosed?: () => void;
  onTokenExpired?: () => void;
}

const transient = (err: Error) => isBrokerError(err) && err.transient;

/**
 * A broker adapter with the execution service's safety rules around it:
 * - order requests wait for the broker's rate windows instead of being refused;
 * - reads are retried with backoff on transient failures; order placement and modification never are
 *   (a timeout may mean the order went through: the caller reconciles by tag instead);
 * - a run of transient failures opens a circuit breaker that stops all requests, new orders included,
 *   until a trial request succeeds; opening and closing are reported so the service can alert.
 */
export class ResilientBroker implements BrokerAdapter {
  readonly broker: string;
  private readonly limiter: SlidingWindowLimiter;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly reads: RetryPolicy;

  constructor(
    private readonly inner: BrokerAdapter,
    private readonly options: ResilienceOptions,
  ) {
    this.broker = inner.broker;
    this.limiter = new SlidingWindowLimiter(options.orderRate);
    this.breaker = circuitBreaker(handleWhen(transient), {
      halfOpenAfter: options.halfOpenAfterMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? 5),
    });
    this.reads = retry(handleWhen(transient), {
      maxAttempts: (options.readAttempts ?? 3) - 1,
      backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
    });
    this.breaker.onBreak((reason) => {
      const error = 'error' in reason ? reason.error.message : 'isolated';
      options.onCircuitOpen?.(error);
    });
    this.breaker.onReset(() => options.onCircuitClosed?.());
  }

  get circuitOpen(): boolean {
    return this.breaker.state !== 0; /* CircuitState.Closed */
  }

  async placeOrder(order: PlaceOrder): Promise<{ brokerOrderId: string }> {
    return this.paced(() => this.inner.placeOrder(order));
  }

  async modifyOrder(brokerOrderId: string, changes: ModifyOrder): Promise<void> {
    return this.paced(() => this.inner.modifyOrder(brokerOrderId, changes));
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    return this.paced(() => this.inner.cancelOrder(brokerOrderId));
  }

  getOrder(brokerOrderId: string): Promise<BrokerOrder> {
    return this.read(() => this.inner.getOrder(brokerOrderId));
  }

  getOrders(): Promise<BrokerOrder[]> {
    return this.read(() => this.inner.getOrders());
  }

  getTrades(): Promise<BrokerTrade[]> {
    return this.read(() => this.inner.getTrades());
  }

  getPositions(): Promise<BrokerPosition[]> {
    return this.read(() => this.inner.getPositions());
  }

  getHoldings(): Promise<BrokerHolding[]> {
    return this.read(() => this.inner.getHoldings());
  }

  getMargins(): Promise<BrokerMargins> {
    return this.read(() => this.inner.getMargins());
  }

  getQuotes(instruments: ReadonlyArray<{ exchange: string; instrument: string }>): Promise<BrokerQuote[]> {
    return this.read(() => this.inner.getQuotes(instruments));
  }

  getCandles(token: number, interval: CandleInterval, from: Date, to: Date): Promise<BrokerCandle[]> {
    return this.read(() => this.inner.getCandles(token, interval, from, to));
  }

  getInstruments(exchange?: string): Promise<BrokerInstrument[]> {
    return this.read(() => this.inner.getInstruments(exchange));
  }

  /** An order request within the rate windows, its slot held until the broker answered. */
  private async paced<T>(request: () => Promise<T>): Promise<T> {
    const release = await this.limiter.acquire();
    try {
      return await this.guard(request);
    } finally {
      release();
    }
  }

  private read<T>(request: () => Promise<T>): Promise<T> {
    return this.reads.execute(() => this.guard(request));
  }

  private async guard<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.execute(request);
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw new BrokerError(
          'CIRCUIT_OPEN',
          this.broker,
          'circuit open after repeated failures; requests stopped',
        );
      }
      if (isBrokerError(err) && err.code === 'TOKEN_EXPIRED') this.options.onTokenExpired?.();
      throw err;
    }
  }
}
