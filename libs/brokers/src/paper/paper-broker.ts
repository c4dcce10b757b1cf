import { Decimal } from '@dalal/domain';
import {
  SimulatedExchange,
  indexUnderlyingOf,
  isSimulatorError,
  type OptionContract,
  type OptionQuotes,
  type SimOrder,
} from '@dalal/simulator';

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
  type ModifyOrder,
  type PlaceOrder,
} from '../broker-adapter';
import { BrokerError } from '../broker-error';

export interface PaperBrokerOptions {
  /** Price units added to buys and taken from sells on market fills. */
  slippage: number;
  tickSize: number;
  /** Units that can fill per price update; the rest keeps working (partial fills). Unlimited by default. */
  liquidityPerUpdate?: number;
  /** Exchange freeze limit per instrument: larger orders are rejected, as the exchange does. */
  freezeOf?: (instrument: string) => number | undefined;
  /** Circuit band per instrument: limit and trigger prices outside it are rejected. */
  circuitOf?: (instrument: string) => { lower: number; upper: number } | undefined;
  startingCash?: Decimal;
  now?: () => Date;
  /**
   * Prices index options that have no ticks of their own from their index's last tick, with the
   * backtester's premium model (paper trading options on an index-only feed, such as a replay).
   */
  optionQuotes?: OptionQuotes;
}

interface LastPrice {
  readonly price: Decimal;
  readonly time: number;
}

interface PaperOrder {
  order: PlaceOrder;
  brokerOrderId: string;
  status: BrokerOrder['status'];
  filled: number;
  notional: Decimal;
  statusMessage?: string;
  placedAt: string;
}

/**
 * The simulated exchange as a broker: the same matching model as the backtester, driven by live or
 * replayed prices (`onPrice`). Market orders fill at the last price plus slippage, limits and stops when
 * the price crosses; fills are capped per update to model partial fills; freeze-limit and circuit-limit
 * breaches are rejected like the exchange would. With `optionQuotes`, an index option without ticks of
 * its own trades at the model premium of its index's last tick, which is the backtester's next-bar-open
 * fill when that tick opens the bar. A fill is stamped with the market time of the price it used.
 *
 * Prices arrive and leave as Decimal; the shared matching model computes in numbers (as the backtester
 * does) and its results are snapped back onto the tick grid, so no float residue reaches a trade.
 */
export class PaperBroker implements BrokerAdapter {
  readonly broker = 'paper';
  private readonly exchange: SimulatedExchange;
  private readonly orders = new Map<string, PaperOrder>();
  private readonly trades: BrokerTrade[] = [];
  private readonly lastPrices = new Map<string, LastPrice>();
  /** Instruments priced from their index, or null for those that trade on their own ticks only. */
  private readonly contracts = new Map<string, OptionContract | null>();
  private readonly tick: Decimal;
  private nextOrder = 1;
  private nextTrade = 1;
  private readonly tradeListeners: Array<() => void> = [];

  constructor(private readonly options: PaperBrokerOptions) {
    this.exchange = new SimulatedExchange({ slippage: options.slippage, tickSize: options.tickSize });
    this.tick = new Decimal(String(options.tickSize));
  }

  /**
   * A new last traded price: working orders of the instrument are matched against it; for an index,
   * so are the working orders of its options that have no ticks of their own, at their model premium.
   */
  onPrice(instrument: string, price: Decimal, at: Date = this.now()): void {
    this.lastPrices.set(instrument, { price, time: at.getTime() });
    this.match(instrument, price.toNumber(), at);
    const quotes = this.options.optionQuotes;
    const underlying = quotes && indexUnderlyingOf(instrument);
    if (!quotes || !underlying) return;
    quotes.onIndexTick(underlying, price.toNumber(), at.getTime());
    for (const pending of this.exchange.pendingInstruments()) {
      if (this.lastPrices.has(pending) || this.contractOf(pending)?.underlying !== underlying) continue;
      const quote = quotes.quote(pending)!;
      this.match(pending, quote.price, new Date(quote.time));
    }
  }

  async placeOrder(order: PlaceOrder): Promise<{ brokerOrderId: string }> {
    this.validate(order);
    this.contractOf(order.instrument);
    const brokerOrderId = `P${String(this.nextOrder++).padStart(9, '0')}`;
    const paper: PaperOrder = {
      order,
      brokerOrderId,
      status: 'OPEN',
      filled: 0,
      notional: new Decimal(0),
      placedAt: this.now().toISOString(),
    };
    this.orders.set(brokerOrderId, paper);
    this.exchange.submit(simOrder(paper, order.quantity));
    const last = this.lastPrices.get(order.instrument);
    if (last) this.match(order.instrument, last.price.toNumber(), new Date(last.time));
    else {
      const quote = this.modelQuote(order.instrument);
      if (quote) this.match(order.instrument, quote.price, new Date(quote.time));
    }
    return { brokerOrderId };
  }

  async modifyOrder(brokerOrderId: string, changes: ModifyOrder): Promise<void> {
    const paper = this.working(brokerOrderId);
    this.exchange.cancel(brokerOrderId);
    paper.order = {
      ...paper.order,
      quantity: changes.quantity ?? paper.order.quantity,
      price: changes.price ?? paper.order.price,
      triggerPrice: changes.triggerPrice ?? paper.order.triggerPrice,
      orderType: changes.orderType ?? paper.order.orderType,
    };
    this.validate(paper.order);
    this.exchange.submit(simOrder(paper, paper.order.quantity - paper.filled));
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    const paper = this.working(brokerOrderId);
    this.exchange.cancel(brokerOrderId);
    paper.status = 'CANCELLED';
  }

  async getOrder(brokerOrderId: string): Promise<BrokerOrder> {
    const paper = this.orders.get(brokerOrderId);
    if (!paper) throw new BrokerError('INPUT', this.broker, `no order ${brokerOrderId}`);
    return view(paper);
  }

  async getOrders(): Promise<BrokerOrder[]> {
    return [...this.orders.values()].map(view);
  }

  async getTrades(): Promise<BrokerTrade[]> {
    return [...this.trades];
  }

  async getPositions(): Promise<BrokerPosition[]> {
    const byInstrument = new Map<string, { exchange: string; product: string; qty: number; cost: Decimal }>();
    for (const trade of this.trades) {
      const order = this.orders.get(trade.brokerOrderId)!.order;
      const p = byInstrument.get(trade.instrument) ?? {
        exchange: trade.exchange,
        product: order.product,
        qty: 0,
        cost: new Decimal(0),
      };
      const signed = trade.side === 'BUY' ? trade.quantity : -trade.quantity;
      p.qty += signed;
      p.cost = p.cost.plus(trade.price.mul(signed));
      byInstrument.set(trade.instrument, p);
    }
    return [...byInstrument.entries()].map(([instrument, p]) => {
      const last = this.markOf(instrument) ?? new Decimal(0);
      const average = p.qty === 0 ? new Decimal(0) : p.cost.div(p.qty);
      return {
        instrument,
        exchange: p.exchange,
        product: p.product,
        netQuantity: p.qty,
        averagePrice: average.toDecimalPlaces(4),
        lastPrice: last,
        realized: p.qty === 0 ? p.cost.neg() : new Decimal(0),
        unrealized: p.qty === 0 ? new Decimal(0) : last.minus(average).mul(p.qty).toDecimalPlaces(2),
      };
    });
  }

  async getHoldings(): Promise<BrokerHolding[]> {
    return [];
  }

  async getMargins(): Promise<BrokerMargins> {
    const cash = this.options.startingCash ?? new Decimal(1_000_000);
    return { available: cash, utilised: new Decimal(0), net: cash };
  }

  async getQuotes(
    instruments: ReadonlyArray<{ exchange: string; instrument: string }>,
  ): Promise<BrokerQuote[]> {
    return instruments.flatMap((i) => {
      const last = this.markOf(i.instrument);
      return last === undefined ? [] : [{ ...i, lastPrice: last }];
    });
  }

  async getCandles(): Promise<BrokerCandle[]> {
    return [];
  }

  async getInstruments(): Promise<BrokerInstrument[]> {
    return [];
  }

  /** Matches the instrument's working orders against one price at market time `at`. */
  private match(instrument: string, price: number, at: Date): void {
    const fills = this.exchange.onBar(instrument, {
      time: at.getTime(),
      open: price,
      high: price,
      low: price,
      close: price,
    });
    for (const fill of fills) {
      const paper = this.orders.get(fill.orderId)!;
      const cap = this.options.liquidityPerUpdate ?? Infinity;
      const quantity = Math.min(fill.quantity, cap);
      this.recordTrade(paper, quantity, new Decimal(fill.price).toNearest(this.tick), at);
      const remaining = paper.order.quantity - paper.filled;
      if (remaining > 0) this.exchange.submit(simOrder(paper, remaining));
    }
  }

  /**
   * The index option an instrument is, when options are priced from their index; undefined for any other
   * instrument. An option symbol whose expiry cannot be dated is refused, not left waiting forever.
   */
  private contractOf(instrument: string): OptionContract | undefined {
    const quotes = this.options.optionQuotes;
    if (!quotes) return undefined;
    let contract = this.contracts.get(instrument);
    if (contract === undefined) {
      try {
        contract = quotes.contract(instrument);
      } catch (error) {
        if (!isSimulatorError(error)) throw error;
        if (error.code !== 'NOT_AN_OPTION')
          throw new BrokerError('INPUT', this.broker, `cannot price ${instrument}: ${error.message}`);
        contract = null; // not an index option: it trades on its own ticks
      }
      this.contracts.set(instrument, contract);
    }
    return contract ?? undefined;
  }

  /** The model premium of an index option without ticks of its own, once its index has ticked. */
  private modelQuote(instrument: string): { price: number; time: number } | undefined {
    if (this.lastPrices.has(instrument) || !this.contractOf(instrument)) return undefined;
    return this.options.optionQuotes!.quote(instrument);
  }

  /** The instrument's last price, or an option's model premium on the tick grid. */
  private markOf(instrument: string): Decimal | undefined {
    const last = this.lastPrices.get(instrument);
    if (last) return last.price;
    const quote = this.modelQuote(instrument);
    return quote && new Decimal(quote.price).toNearest(this.tick);
  }

  private validate(order: PlaceOrder): void {
    const freeze = this.options.freezeOf?.(order.instrument);
    if (freeze !== undefined && order.quantity > freeze) {
      throw new BrokerError(
        'ORDER_REJECTED',
        this.broker,
        `quantity ${order.quantity} exceeds the freeze limit ${freeze} of ${order.instrument}`,
      );
    }
    const band = this.options.circuitOf?.(order.instrument);
    for (const price of [order.price, order.triggerPrice]) {
      if (band && price && (price.lt(band.lower) || price.gt(band.upper))) {
        throw new BrokerError(
          'ORDER_REJECTED',
          this.broker,
          `price ${price.toString()} is outside the circuit ${band.lower}–${band.upper} of ${order.instrument}`,
        );
      }
    }
    if ((order.orderType === 'LIMIT' || order.orderType === 'SL') && !order.price) {
      throw new BrokerError('INPUT', this.broker, `${order.orderType} order needs a price`);
    }
    if ((order.orderType === 'SL' || order.orderType === 'SL-M') && !order.triggerPrice) {
      throw new BrokerError('INPUT', this.broker, `${order.orderType} order needs a trigger price`);
    }
  }

  private working(brokerOrderId: string): PaperOrder {
    const paper = this.orders.get(brokerOrderId);
    if (!paper) throw new BrokerError('INPUT', this.broker, `no order ${brokerOrderId}`);
    if (paper.status !== 'OPEN' && paper.status !== 'PARTIALLY_FILLED') {
      throw new BrokerError('ORDER_REJECTED', this.broker, `order ${brokerOrderId} is ${paper.status}`);
    }
    return paper;
  }

  /**
   * Called after every paper trade, so the executor can read the book at once rather than at its next
   * poll: a real broker's postback, which the simulated exchange can give without a network.
   */
  onTrade(listener: () => void): void {
    this.tradeListeners.push(listener);
  }

  private recordTrade(paper: PaperOrder, quantity: number, tradePrice: Decimal, at: Date): void {
    paper.filled += quantity;
    paper.notional = paper.notional.plus(tradePrice.mul(quantity));
    paper.status = paper.filled === paper.order.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    this.trades.push({
      tradeId: `T${String(this.nextTrade++).padStart(9, '0')}`,
      brokerOrderId: paper.brokerOrderId,
      instrument: paper.order.instrument,
      exchange: paper.order.exchange,
      side: paper.order.side,
      quantity,
      price: tradePrice,
      filledAt: at.toISOString(),
    });
    for (const listener of this.tradeListeners) listener();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function simOrder(paper: PaperOrder, quantity: number): SimOrder {
  const { order } = paper;
  const type = order.orderType === 'MARKET' ? 'MARKET' : order.orderType === 'LIMIT' ? 'LIMIT' : 'STOP';
  return {
    id: paper.brokerOrderId,
    instrument: order.instrument,
    side: order.side,
    quantity,
    type,
    limitPrice: order.price?.toNumber(),
    triggerPrice: order.triggerPrice?.toNumber(),
  };
}

function view(paper: PaperOrder): BrokerOrder {
  return {
    brokerOrderId: paper.brokerOrderId,
    clientOrderId: paper.order.clientOrderId,
    instrument: paper.order.instrument,
    exchange: paper.order.exchange,
    side: paper.order.side,
    orderType: paper.order.orderType,
    quantity: paper.order.quantity,
    filledQuantity: paper.filled,
    price: paper.order.price,
    triggerPrice: paper.order.triggerPrice,
    averagePrice: paper.filled === 0 ? new Decimal(0) : paper.notional.div(paper.filled).toDecimalPlaces(4),
    status: paper.status,
    statusMessage: paper.statusMessage,
    placedAt: paper.placedAt,
  };
}
