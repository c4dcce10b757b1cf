import { Inject, Injectable } from '@nestjs/common';
import { ulid } from 'ulid';

import { StreamPublisher } from '@dalal/bus';
import {
  CONTROL_COMMAND,
  STRATEGY_INTENT,
  controlStream,
  intentsStream,
  strategyIntentSchema,
  type ControlCommand,
  type OrderLeg,
  type StrategyIntent,
} from '@dalal/contracts';
import {
  ACCOUNT_SCOPE,
  AlertsAuditRepository,
  isPersistenceError,
  ReadModelsRepository,
  type StoredTradingState,
  StrategyInstancesRepository,
  TradingStateRepository,
} from '@dalal/persistence';
import { dec } from '@dalal/domain';
import { rearmRefusal } from '@dalal/risk';
import { isStrategyError, strategyDefinition } from '@dalal/strategies';
import { type z } from 'zod';

import { AuditService } from '../audit/audit.service';
import { type CallContext } from '../auth/principal';
import { GatewayError } from '../gateway-error';
import { GATEWAY_CLOCK, type GatewayClock } from '../gateway.tokens';
import { type manualOrderSchema, type patchStrategySchema, type startTradingSchema } from './steer.schemas';

/** The strategy id of orders a person placed: they go through risk like any strategy's intent. */
export const MANUAL_STRATEGY = 'manual';

export interface TradingStateAnswer {
  state: string;
  actor: string;
  reason: string;
  at: string;
}

export interface PublishedIntent {
  intentId: string;
  messageId: string;
}

const answer = (state: StoredTradingState): TradingStateAnswer => ({
  state: state.state,
  actor: state.actor,
  reason: state.reason,
  at: new Date(state.at).toISOString(),
});

/**
 * How a trader steers Dalal: every change is decided here, written to Postgres (trading state, audit
 * row) before it is announced on the bus, so a service that restarts reads the decision back instead of
 * missing a message. REST routes and the Telegram bot call the same methods.
 */
@Injectable()
export class TradingControlService {
  constructor(
    private readonly states: TradingStateRepository,
    private readonly instances: StrategyInstancesRepository,
    private readonly read: ReadModelsRepository,
    private readonly alerts: AlertsAuditRepository,
    private readonly publisher: StreamPublisher,
    private readonly audit: AuditService,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
  ) {}

  async start(
    request: z.output<typeof startTradingSchema>,
    caller: CallContext,
  ): Promise<TradingStateAnswer & { started: string[] }> {
    for (const [index, id] of request.strategies.entries()) {
      if (!(await this.instances.find(id)))
        throw new GatewayError('NOT_FOUND', `no strategy ${id}`, { field: `strategies.${index}` });
    }
    const state = await this.changeState(caller, 'ACTIVE', `started in ${request.mode} mode`);
    const issuedBy = caller.principal.actor;
    await this.command({ command: 'SET_MODE', issuedBy, mode: request.mode });
    for (const strategyId of request.strategies)
      await this.command({ command: 'START_STRATEGY', issuedBy, strategyId });
    await this.audit.record(caller, 'trading.start', ACCOUNT_SCOPE, {
      mode: request.mode,
      strategies: request.strategies,
    });
    return { ...answer(state), started: request.strategies };
  }

  /** No new entries: the account goes REDUCING (exits still allowed) and every strategy is told to stop. */
  async stop(reason: string, caller: CallContext): Promise<TradingStateAnswer> {
    const state = await this.changeState(caller, 'REDUCING', reason);
    const strategies = await this.read.strategyInstances();
    for (const instance of strategies.filter((s) => s.enabled))
      await this.command({
        command: 'STOP_STRATEGY',
        issuedBy: caller.principal.actor,
        strategyId: instance.id,
      });
    await this.audit.record(caller, 'trading.stop', ACCOUNT_SCOPE, { reason });
    return answer(state);
  }

  async patchStrategy(id: string, patch: z.output<typeof patchStrategySchema>, caller: CallContext) {
    const instance = await this.instances.find(id);
    if (!instance) throw new GatewayError('NOT_FOUND', `no strategy ${id}`, { field: 'id' });
    let params: Record<string, unknown> | undefined;
    if (patch.params !== undefined) {
      try {
        // The strategy's own zod schema decides: defaults filled, unknown keys refused.
        params = { ...strategyDefinition(instance.strategyId).create(patch.params).params };
      } catch (err) {
        if (isStrategyError(err))
          throw new GatewayError('INVALID_INPUT', `params: ${err.message}`, { field: 'params' });
        throw err;
      }
    }
    const changed = await this.instances.change(id, {
      enabled: patch.enabled,
      params: params as Parameters<StrategyInstancesRepository['change']>[1]['params'],
      at: this.clock(),
    });
    if (!changed) throw new GatewayError('NOT_FOUND', `no strategy ${id}`, { field: 'id' });
    if (patch.enabled !== undefined && patch.enabled !== instance.enabled) {
      await this.command({
        command: patch.enabled ? 'START_STRATEGY' : 'STOP_STRATEGY',
        issuedBy: caller.principal.actor,
        strategyId: id,
      });
    }
    await this.audit.record(caller, 'strategy.update', `strategy:${id}`, {
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      ...(params ? { params: params as Record<string, unknown> } : {}),
    });
    return { ...changed, updatedAt: changed.updatedAt.toISOString() };
  }

  /** HALTED is written first, then KILL_SWITCH is announced: execution cancels and flattens on it. */
  async killSwitch(reason: string, caller: CallContext): Promise<TradingStateAnswer> {
    const state = await this.changeState(caller, 'HALTED', reason);
    await this.command({ command: 'KILL_SWITCH', issuedBy: caller.principal.actor, reason });
    await this.audit.record(caller, 'kill_switch.engage', ACCOUNT_SCOPE, { reason });
    return answer(state);
  }

  async rearm(request: { reason: string; force: boolean }, caller: CallContext): Promise<TradingStateAnswer> {
    const current = await this.states.current(ACCOUNT_SCOPE);
    const positions = await this.read.positions({ openOnly: true });
    const refusal = rearmRefusal({
      state: current.state,
      openPositions: positions.map((p) => ({ instrument: p.instrument, quantity: dec(p.netQuantity) })),
      force: request.force,
    });
    if (refusal) throw new GatewayError('CONFLICT', refusal);
    const state = await this.changeState(caller, 'ACTIVE', request.reason, true);
    await this.command({ command: 'REARM', issuedBy: caller.principal.actor });
    await this.audit.record(caller, 'kill_switch.rearm', ACCOUNT_SCOPE, {
      reason: request.reason,
      force: request.force,
    });
    return answer(state);
  }

  /** Closes one position with a market order through risk, as an EXIT intent of the position's strategy. */
  async exitPosition(id: number, reason: string, caller: CallContext): Promise<PublishedIntent> {
    const position = await this.read.position(id);
    if (!position) throw new GatewayError('NOT_FOUND', `no position ${id}`, { field: 'id' });
    const net = Number(position.netQuantity);
    if (net === 0) throw new GatewayError('CONFLICT', `position ${id} is already flat`);
    const last = await this.read.lastOrderFor(position.strategyId, position.exchange, position.instrument);
    const leg = {
      instrument: position.instrument,
      exchange: position.exchange,
      side: net > 0 ? 'SELL' : 'BUY',
      quantity: Math.abs(net),
      orderType: 'MARKET',
      product: last?.product ?? 'MIS',
      validity: 'DAY',
      role: 'MAIN',
    } as OrderLeg;
    const published = await this.publishIntent({
      strategyId: position.strategyId,
      mode: position.mode === 'live' ? 'live' : 'paper',
      action: 'EXIT',
      legs: [leg],
      reason: `manual_exit: ${reason}`,
    });
    await this.audit.record(caller, 'position.exit', `position:${id}`, { ...published, reason });
    return published;
  }

  async manualOrder(
    order: z.output<typeof manualOrderSchema>,
    caller: CallContext,
  ): Promise<PublishedIntent> {
    const published = await this.publishIntent({
      strategyId: MANUAL_STRATEGY,
      mode: order.mode,
      action: order.action,
      legs: order.legs,
      reason: `manual: ${order.reason}`,
    });
    await this.audit.record(caller, 'order.manual', `intent:${published.intentId}`, {
      action: order.action,
      legs: order.legs.map(
        (leg) => `${leg.side} ${leg.quantity} ${leg.exchange}:${leg.instrument} ${leg.orderType}`,
      ),
    });
    return published;
  }

  /** Acknowledges an alert; a reconciliation mismatch's acknowledgement also unblocks execution. */
  async acknowledgeAlert(id: number, note: string | undefined, caller: CallContext) {
    const alert = await this.read.alert(id);
    if (!alert) throw new GatewayError('NOT_FOUND', `no alert ${id}`, { field: 'id' });
    if (alert.acknowledgedAt) throw new GatewayError('CONFLICT', `alert ${id} was acknowledged already`);
    await this.alerts.acknowledgeAlert(id, caller.principal.actor, this.clock());
    if (alert.code.startsWith('reconciliation'))
      await this.command({
        command: 'ACK_RECONCILIATION',
        issuedBy: caller.principal.actor,
        alertId: String(id),
      });
    await this.audit.record(caller, 'alert.acknowledge', `alert:${id}`, {
      code: alert.code,
      ...(note ? { note } : {}),
    });
    return this.read.alert(id);
  }

  private async publishIntent(
    intent: Pick<StrategyIntent, 'strategyId' | 'mode' | 'action' | 'legs' | 'reason'>,
  ): Promise<PublishedIntent> {
    // Parsed as the risk manager will parse it: nothing malformed reaches the bus.
    const payload = strategyIntentSchema.parse({
      ...intent,
      intentId: `${intent.strategyId === MANUAL_STRATEGY ? 'manual' : 'exit'}-${ulid()}`,
      indicators: {},
      barTime: this.clock().toISOString(),
    });
    const envelope = await this.publisher.publish(intentsStream(), STRATEGY_INTENT, payload);
    return { intentId: payload.intentId, messageId: envelope.id };
  }

  private async command(command: ControlCommand): Promise<void> {
    await this.publisher.publish(controlStream(), CONTROL_COMMAND, command);
  }

  private async changeState(
    caller: CallContext,
    state: 'ACTIVE' | 'REDUCING' | 'HALTED',
    reason: string,
    rearm = false,
  ): Promise<StoredTradingState> {
    try {
      const { current } = await this.states.change({
        scope: ACCOUNT_SCOPE,
        state,
        actor: caller.principal.actor.slice(0, 64),
        reason,
        at: this.clock(),
        rearm,
      });
      return current;
    } catch (err) {
      if (isPersistenceError(err) && err.code === 'TRADING_STATE_REFUSED')
        throw new GatewayError('CONFLICT', err.message);
      throw err;
    }
  }
}
