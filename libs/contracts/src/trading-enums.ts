import { z } from 'zod';

import { ORDER_STATUSES, type OrderStatus } from '@dalal/domain';
import { TIMEFRAMES } from '@dalal/market';

export const exchangeSchema = z.enum(['NSE', 'NFO', 'BSE', 'BFO', 'BINANCE']);
export const sideSchema = z.enum(['BUY', 'SELL']);
export const orderTypeSchema = z.enum(['MARKET', 'LIMIT', 'SL', 'SL-M']);
export const productSchema = z.enum(['MIS', 'NRML', 'CNC']);
export const validitySchema = z.enum(['DAY', 'IOC']);
/** The domain's order states and the market's timeframes: one list each, the wire follows them. */
export const orderStateSchema = z.enum(ORDER_STATUSES as readonly [OrderStatus, ...OrderStatus[]]);
export const timeframeSchema = z.enum(TIMEFRAMES);
export const tradingModeSchema = z.enum(['backtest', 'paper', 'live']);
export const brokerIdSchema = z.enum(['paper', 'kite', 'smartapi', 'binance']);
