import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';

import { type BrokerAdapter, MeteredBroker, ResilientBroker } from '@dalal/brokers';
import { type TradingCalendar } from '@dalal/market';
import {
  BrokerSessionsRepository,
  OrdersRepository,
  PrismaService,
  TokenCipher,
  TradingStateRepository,
} from '@dalal/persistence';

import { ApprovedOrdersHandler } from './approved-orders.handler';
import { BrokerSessionReadiness } from './broker-session.readiness';
import { BusExecutionEvents } from './bus-execution-events';
import { type OrderExecutionConfig } from './config';
import { ExecutionControlHandler } from './execution-control.handler';
import { ExecutionScheduler } from './execution-scheduler';
import { EXECUTION_BROKER, EXECUTION_CONFIG, PAPER_BROKER } from './execution.tokens';
import { OrderExecutor } from './execution/order-executor';
import { Reconciler } from './execution/reconciler';
import { TradingGuard } from './execution/trading-guard';
import { TradingStateGate } from './execution/trading-state-gate';
import { indexOptionCharges } from './fill-charges';
import { indexContractLimits } from './instrument-limits';
import { KillSwitchListener } from './kill-switch.listener';
import { KillSwitch } from './kill-switch.usecase';
import { KitePostbackController } from './kite-postback.controller';
import { PaperFillWaker } from './paper-fill-waker';
import { PaperPricesHandler } from './paper-prices.handler';
import { createPaperBroker, paperExpiryCalendars } from './paper-settings';
import { PrismaExecutionStore } from './prisma-execution-store';
import { SessionKiteBroker } from './session-kite-broker';

export interface OrderExecutionOptions {
  config: OrderExecutionConfig;
  /** The opened (and migrated) system of record. */
  prisma: PrismaService;
  now?: () => Date;
  /** Dates option expiries for paper pricing and charges; default PAPER_EXPIRY_CALENDAR_FILE or bundled. */
  calendar?: TradingCalendar;
}

/** order-execution: order requests to the broker; fills, positions and reconciliation. */
@Module({})
export class OrderExecutionModule {
  static forRoot({ config, prisma, now = () => new Date(), calendar }: OrderExecutionOptions): DynamicModule {
    const paper = config.ORDER_BROKER === 'paper';
    const logger = new Logger('OrderExecution');
    const calendarOf = paperExpiryCalendars(config, calendar);
    const brokerProviders: Provider[] = paper
      ? [
          {
            provide: PAPER_BROKER,
            useFactory: () => {
              const limits = indexContractLimits(now);
              return createPaperBroker(config, calendarOf, { freezeOf: limits.freezeOf, now });
            },
          },
          { provide: EXECUTION_BROKER, useExisting: PAPER_BROKER },
          PaperFillWaker,
        ]
      : [
          {
            provide: EXECUTION_BROKER,
            useFactory: () =>
              new SessionKiteBroker(
                new BrokerSessionsRepository(
                  prisma,
                  TokenCipher.fromEnv({ TOKEN_ENCRYPTION_KEY: config.TOKEN_ENCRYPTION_KEY }),
                ),
                {
                  apiKey: config.KITE_API_KEY!,
                  userId: config.KITE_USER_ID!,
                  root: config.KITE_API_ROOT,
                  now,
                },
              ),
          },
        ];

    return {
      module: OrderExecutionModule,
      controllers: [
        ApprovedOrdersHandler,
        ExecutionControlHandler,
        ...(paper ? [PaperPricesHandler] : [KitePostbackController]),
      ],
      providers: [
        { provide: EXECUTION_CONFIG, useValue: config },
        { provide: PrismaService, useValue: prisma },
        OrdersRepository,
        PrismaExecutionStore,
        BusExecutionEvents,
        BrokerSessionReadiness,
        { provide: TradingGuard, useValue: new TradingGuard() },
        TradingStateRepository,
        {
          provide: TradingStateGate,
          inject: [TradingStateRepository],
          useFactory: (states: TradingStateRepository) => new TradingStateGate(states),
        },
        ...brokerProviders,
        {
          provide: ResilientBroker,
          inject: [EXECUTION_BROKER, BusExecutionEvents, TradingGuard],
          useFactory: (broker: BrokerAdapter, events: BusExecutionEvents) =>
            new ResilientBroker(new MeteredBroker(broker), {
              orderRate: [
                { limit: config.ORDER_RATE_PER_SECOND, windowMs: 1_000 },
                { limit: config.ORDER_RATE_PER_MINUTE, windowMs: 60_000 },
              ],
              onCircuitOpen: (error) =>
                void events.alert({
                  severity: 'CRITICAL',
                  code: 'broker_circuit_open',
                  message: `${broker.broker}: requests stopped after repeated failures (${error})`,
                  details: { broker: broker.broker },
                }),
              onCircuitClosed: () =>
                void events.alert({
                  severity: 'INFO',
                  code: 'broker_circuit_closed',
                  message: `${broker.broker}: requests flow again`,
                  details: { broker: broker.broker },
                }),
              onTokenExpired: () =>
                void events.alert({
                  severity: 'CRITICAL',
                  code: 'broker_token_expired',
                  message: `${broker.broker}: session expired or missing; trading is blocked until the next login`,
                  details: { broker: broker.broker },
                }),
            }),
        },
        {
          provide: OrderExecutor,
          inject: [PrismaExecutionStore, ResilientBroker, BusExecutionEvents, TradingGuard, TradingStateGate],
          useFactory: (
            store: PrismaExecutionStore,
            broker: ResilientBroker,
            events: BusExecutionEvents,
            guard: TradingGuard,
            gate: TradingStateGate,
          ) =>
            new OrderExecutor({
              store,
              broker,
              events,
              guard,
              gate,
              plan: indexContractLimits(now),
              mode: config.TRADING_MODE,
              chargesOf: (order, quantity, price, at) =>
                indexOptionCharges(order, quantity, price, at, (reason) => logger.warn(reason), calendarOf),
              now,
            }),
        },
        {
          provide: Reconciler,
          inject: [PrismaExecutionStore, ResilientBroker, BusExecutionEvents, TradingGuard],
          useFactory: (
            store: PrismaExecutionStore,
            broker: ResilientBroker,
            events: BusExecutionEvents,
            guard: TradingGuard,
          ) => new Reconciler({ store, broker, events, guard, mode: config.TRADING_MODE }),
        },
        ExecutionScheduler,
        KillSwitch,
        KillSwitchListener,
      ],
    };
  }
}
