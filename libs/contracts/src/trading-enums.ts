import { z } from 'zod';

export const exchangeSchema = z.enum(['NSE', 'NFO', 'BSE', 'BFO', 'BINANCE']);
export const sideSchema = z.enum(['BUY', 'SELL']);
export const orderTypeSchema = z.enum(['MARKET', 'LIMIT', 'SL', 'SL-M']);
export const productSchema = z.enum(['MIS', 'NRML', 'CNC']);
export const validitySchema = z.enum(['DAY', 'IOC']);
export const orderStateSchema = z.enum([
  'PENDING_SUBMIT',
  'OPEN',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELLED',
  'REJECTED',
]);
export const timeframeSchema = z.enum(['1m', '3m', '5m', '15m', '1h', '1d']);
export const tradingModeSchema = z.enum(['backtest', 'paper', 'live']);
export const brokerIdSchema = z.enum(['paper', 'kite', 'smartapi', 'binance']);
