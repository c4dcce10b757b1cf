import {
  chargesForRoundTrip,
  dec,
  indexOption,
  tradeDate,
  type ChargeBreakdown,
  type Decimal,
  type IndianBroker,
} from '@dalal/domain';
import { istDate, isExchange, nextExpiry, type Exchange, type Underlying } from '@dalal/market';
import { parseArgs } from 'node:util';

import { readDate, readPositiveNumber, rejectExtraPositionals } from '../arguments';
import { runCommand, UsageError, type Command } from '../command';

export const CHARGES_USAGE =
  'dalal charges --exchange NSE|BSE --buy PRICE --sell PRICE --qty QTY [--broker zerodha|angelone] [--date YYYY-MM-DD] [--json]';

const BROKERS: Readonly<Record<string, IndianBroker>> = { zerodha: 'ZERODHA', angelone: 'ANGEL_ONE' };
// Charges depend on the venue, not the index: any index option of that exchange prices the same.
const REFERENCE_UNDERLYING: Readonly<Record<Exchange, Underlying>> = { NSE: 'NIFTY', BSE: 'SENSEX' };
const COMPONENTS = [
  'brokerage',
  'stt',
  'exchangeTxn',
  'ipft',
  'sebiFee',
  'stampDuty',
  'gst',
  'total',
] as const;

function readDecimal(value: string | undefined, name: string): Decimal {
  readPositiveNumber(value, name);
  return dec(value ?? '');
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`missing ${name}`);
  return value;
}

function breakdownJson(b: ChargeBreakdown): Record<string, string> {
  const json: Record<string, string> = { turnover: b.turnover.toFixed(2) };
  for (const key of COMPONENTS) json[key] = b[key].toFixed(2);
  return json;
}

/** Costs of buying and then selling an index option at the given premiums (charges model of @dalal/domain). */
export const chargesCommand: Command = (args, { clock }) =>
  runCommand(CHARGES_USAGE, () => {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        exchange: { type: 'string' },
        buy: { type: 'string' },
        sell: { type: 'string' },
        qty: { type: 'string' },
        broker: { type: 'string', default: 'zerodha' },
        date: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    rejectExtraPositionals(positionals, 0);
    const exchange = required(values.exchange, '--exchange').toUpperCase();
    if (!isExchange(exchange)) throw new UsageError(`--exchange must be NSE or BSE, got "${exchange}"`);
    const broker = BROKERS[values.broker.toLowerCase()];
    if (!broker) throw new UsageError(`--broker must be zerodha or angelone, got "${values.broker}"`);
    const buy = readDecimal(required(values.buy, '--buy'), '--buy');
    const sell = readDecimal(required(values.sell, '--sell'), '--sell');
    const quantity = readDecimal(required(values.qty, '--qty'), '--qty');
    if (!quantity.isInteger())
      throw new UsageError(`--qty must be a whole number of units, got "${values.qty}"`);
    const date = values.date === undefined ? istDate(clock.now()) : readDate(values.date, '--date');

    const underlying = REFERENCE_UNDERLYING[exchange];
    const day = tradeDate(date);
    const instrument = indexOption({
      underlying,
      exchange: exchange === 'NSE' ? 'NFO' : 'BFO',
      expiry: tradeDate(nextExpiry(underlying, date).date),
      strike: dec(1),
      optionType: 'CE',
      tradeDate: day,
      symbol: `${underlying}-OPTION`,
      // Lot and freeze limits do not affect charges; fixing them keeps any date usable.
      lotSize: dec(1),
      freezeQuantity: null,
    });
    const charges = chargesForRoundTrip(
      {
        entry: { instrument, side: 'BUY', quantity, price: buy, tradeDate: day },
        exit: { instrument, side: 'SELL', quantity, price: sell, tradeDate: day },
      },
      { broker },
    );
    const gross = sell.minus(buy).mul(quantity);
    const net = gross.minus(charges.total.total);

    const rows = COMPONENTS.map(
      (k) =>
        `${k.padEnd(12)}${charges.entry[k].toFixed(2).padStart(12)}${charges.exit[k].toFixed(2).padStart(12)}${charges.total[k].toFixed(2).padStart(12)}`,
    );
    const text = [
      `${exchange} index option, ${broker}, ${date}: buy ${buy.toString()} / sell ${sell.toString()} x ${quantity.toString()}`,
      `${''.padEnd(12)}${'buy'.padStart(12)}${'sell'.padStart(12)}${'total'.padStart(12)}`,
      ...rows,
      `gross P&L ${gross.toFixed(2)}, charges ${charges.total.total.toFixed(2)}, net P&L ${net.toFixed(2)} INR`,
    ].join('\n');
    return {
      json: values.json ?? false,
      output: {
        text,
        json: {
          exchange,
          broker,
          date,
          buy: buy.toString(),
          sell: sell.toString(),
          quantity: quantity.toString(),
          entry: breakdownJson(charges.entry),
          exit: breakdownJson(charges.exit),
          total: breakdownJson(charges.total),
          grossPnl: gross.toFixed(2),
          netPnl: net.toFixed(2),
        },
      },
    };
  });
