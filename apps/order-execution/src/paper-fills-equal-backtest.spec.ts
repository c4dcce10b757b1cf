import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseBarsCsv, runBacktest, type BacktestTrade, type TradeLeg } from '@dalal/backtest';
import { ohlcvEvents, parseOhlcvCsv, type PlaceOrder } from '@dalal/brokers';
import { createEnvelope, TICK, type Tick } from '@dalal/contracts';
import { ZERO, type Decimal } from '@dalal/domain';
import { calendarFromTradingDays, formatTradingSymbol, istDate, parseIsoDate } from '@dalal/market';
import { parseRiskLimits } from '@dalal/risk';
import { strategyDefinition, strategyPreset } from '@dalal/strategies';

import { indexOptionCharges } from './fill-charges';
import { PaperPricesHandler } from './paper-prices.handler';
import { createPaperBroker, paperSettingsSchema } from './paper-settings';

// One month of shipped NIFTY minutes through `dalal backtest`'s engine, and the same minutes as the
// market-data replay's ticks through order-execution's paper broker: every market fill of the backtest
// is placed on paper the moment its bar's open tick has arrived, and must fill at the same price and
// cost the same charges.
const FILE = join(__dirname, '../../../../shared/data/nifty-2012-12-1m.csv');
const TEXT = readFileSync(FILE, 'utf8');
const BARS = parseBarsCsv(TEXT, { file: FILE, barLabel: 'end' });
const CALENDAR = calendarFromTradingDays('NSE', [
  ...new Set(BARS.map((b) => istDate(new Date(b.time)))),
]).calendar;
const TICKS: Tick[] = ohlcvEvents(parseOhlcvCsv(TEXT), { instrument: 'NIFTY 50', exchange: 'NSE' }).flatMap(
  (event) => (event.tick ? [event.tick] : []),
);
// Settlements at expiry or at the end of the data are not exchange fills.
const SETTLED = ['expiry', 'end_of_data'];

const symbolOf = (leg: TradeLeg): string => {
  const { year, month } = parseIsoDate(leg.expiry);
  return formatTradingSymbol({
    underlying: 'NIFTY',
    form: 'monthly',
    year,
    month,
    strike: leg.strike,
    type: leg.optionType,
  });
};

interface PaperLeg {
  readonly trade: BacktestTrade;
  readonly leg: TradeLeg;
  readonly exit: boolean;
}

describe('paper fills equal backtest fills (ema-mean-reversion, NIFTY Dec 2012, default model settings)', () => {
  const definition = strategyDefinition('ema-mean-reversion');
  const preset = strategyPreset(definition, 'nifty-2012');
  const result = runBacktest({
    strategy: definition.create(preset.params),
    bars: BARS,
    underlying: 'NIFTY',
    capital: 500_000,
    lotSize: preset.lotSize,
    calendar: CALENDAR,
    risk: parseRiskLimits(definition.riskDefaults),
  });

  it('every entry and exit fills on paper at the backtester’s price and is charged the same', async () => {
    const settings = paperSettingsSchema.parse({});
    const paper = createPaperBroker(settings, () => CALENDAR, {
      now: () => new Date('2026-12-02T04:00:00Z'),
    });
    const handler = new PaperPricesHandler(paper);
    const due = new Map<string, PaperLeg[]>();
    const schedule = (at: string, item: PaperLeg) => due.set(at, [...(due.get(at) ?? []), item]);
    for (const trade of result.trades) {
      for (const leg of trade.legs) {
        schedule(trade.entryTime, { trade, leg, exit: false });
        if (!SETTLED.includes(trade.exitReason)) schedule(trade.exitTime, { trade, leg, exit: true });
      }
    }
    expect(result.trades.length).toBeGreaterThan(3);

    const charges = new Map<BacktestTrade, Decimal>();
    let compared = 0;
    let orderNo = 0;
    for (const tick of TICKS) {
      handler.tick(createEnvelope(TICK, tick, { source: 'spec', now: Date.parse(tick.exchangeTs) }));
      for (const { trade, leg, exit } of due.get(tick.exchangeTs) ?? []) {
        const side = exit === (leg.side === 'BUY') ? 'SELL' : 'BUY';
        const order: PlaceOrder = {
          clientOrderId: `C${++orderNo}`,
          instrument: symbolOf(leg),
          exchange: 'NFO',
          side,
          quantity: leg.quantity,
          orderType: 'MARKET',
          product: 'MIS',
          validity: 'DAY',
        };
        const { brokerOrderId } = await paper.placeOrder(order);
        const filled = await paper.getOrder(brokerOrderId);
        expect(filled.status).toBe('FILLED');
        expect(filled.averagePrice.toNumber()).toBe(exit ? leg.exitPrice : leg.entryPrice);
        const cost = indexOptionCharges(
          {
            clientOrderId: order.clientOrderId,
            strategyId: 'ema-mean-reversion',
            mode: 'paper',
            broker: 'paper',
            leg: { ...order, price: undefined, triggerPrice: undefined, role: 'MAIN' },
            state: 'FILLED',
            filledQuantity: leg.quantity,
          },
          leg.quantity,
          filled.averagePrice,
          new Date(tick.exchangeTs),
          (reason) => {
            throw new Error(reason);
          },
          () => CALENDAR,
        );
        charges.set(trade, (charges.get(trade) ?? ZERO).plus(cost));
        compared++;
      }
    }
    expect(compared).toBe([...due.values()].flat().length);
    for (const trade of result.trades) {
      if (SETTLED.includes(trade.exitReason)) continue;
      expect(charges.get(trade)!.toFixed(2)).toBe(trade.charges);
    }
  });
});
