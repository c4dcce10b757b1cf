import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { MemoryStreamStore, RedisStreamStore, STREAM_STORE, type StreamStore } from '@dalal/bus';
import { loadConfig } from '@dalal/config';
import { AlertsAuditRepository } from '@dalal/persistence';
import {
  TelegramBot,
  telegramBotSettings,
  telegramConfigSchema,
  type TelegramBotSettings,
} from '@dalal/telegram';

import { BrokerLoginService } from '../brokers/broker-login.service';
import { type GatewayConfig } from '../config';
import { GATEWAY_CLOCK, GATEWAY_CONFIG, type GatewayClock } from '../gateway.tokens';
import { SystemHealthService } from '../health/system-health.service';
import { TradingReadService } from '../read/trading-read.service';
import { TradingControlService } from '../steer/trading-control.service';
import { GatewayTradingDesk } from './gateway-trading-desk';

/** Where the bot's TELEGRAM_* settings come from: the process environment, validated at boot. */
export const TELEGRAM_ENV = Symbol('TELEGRAM_ENV');

/**
 * Runs the Telegram bot inside the gateway process on the gateway's own services. No
 * TELEGRAM_BOT_TOKEN: no bot, and nothing else changes. A bad TELEGRAM_* value stops start-up with a
 * message naming it. The bot starts in the background: Telegram being unreachable never delays the
 * gateway (auto-retry keeps trying, and the logs say so).
 */
@Injectable()
export class TelegramBotService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('telegram');
  private readonly settings: TelegramBotSettings | undefined;
  private bot: TelegramBot | undefined;
  private ownStore: RedisStreamStore | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    @Inject(TELEGRAM_ENV) env: Record<string, string | undefined>,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
    @Inject(STREAM_STORE) private readonly store: StreamStore,
    private readonly read: TradingReadService,
    private readonly control: TradingControlService,
    private readonly health: SystemHealthService,
    private readonly brokerLogin: BrokerLoginService,
    private readonly audit: AlertsAuditRepository,
  ) {
    this.settings = telegramBotSettings(loadConfig('gateway', telegramConfigSchema, env));
  }

  /** The running bot, for specs; undefined without a token. */
  get running(): TelegramBot | undefined {
    return this.bot;
  }

  onApplicationBootstrap(): void {
    if (!this.settings) {
      this.logger.log('TELEGRAM_BOT_TOKEN not set: no Telegram bot');
      return;
    }
    const log = (level: 'log' | 'warn' | 'error') => (message: string, details?: Record<string, unknown>) =>
      this.logger[level](details ? `${message} ${JSON.stringify(details)}` : message);
    this.bot = new TelegramBot({
      settings: this.settings,
      desk: new GatewayTradingDesk({
        read: this.read,
        control: this.control,
        health: this.health,
        brokerLogin: this.brokerLogin,
        clock: this.clock,
        dataDir: this.config.DATA_DIR,
        store: this.store,
      }),
      audit: this.audit,
      clock: { now: () => this.clock() },
      logger: { info: log('log'), warn: log('warn'), error: log('error') },
      store: this.feedStore(),
    });
    this.starting = this.bot.start().catch((err: unknown) => {
      this.logger.error(`Telegram bot did not start: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bot?.stop();
    await this.starting;
    await this.ownStore?.close();
  }

  /**
   * A Redis store reads on one blocking connection, so the bot's alert feed gets a connection of its own
   * rather than queueing behind the gateway's bus reads; the in-memory bus (embedded mode) is shared.
   */
  private feedStore(): StreamStore {
    if (this.store instanceof MemoryStreamStore) return this.store;
    this.ownStore = new RedisStreamStore(this.config.REDIS_URL);
    return this.ownStore;
  }
}

/** The providers GatewayModule registers for the bot. */
export const TELEGRAM_PROVIDERS = [{ provide: TELEGRAM_ENV, useValue: process.env }, TelegramBotService];
