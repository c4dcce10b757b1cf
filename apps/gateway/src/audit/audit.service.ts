import { Inject, Injectable } from '@nestjs/common';

import { AlertsAuditRepository } from '@dalal/persistence';

import { type CallContext } from '../auth/principal';
import { GATEWAY_CLOCK, type GatewayClock } from '../gateway.tokens';

type JsonDetails = Record<string, string | number | boolean | null | string[] | Record<string, unknown>>;

/** Every state-changing call leaves a row in the append-only audit log: who, what, on what, from where. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AlertsAuditRepository,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
  ) {}

  async record(
    caller: CallContext,
    action: string,
    target?: string,
    details: JsonDetails = {},
  ): Promise<void> {
    await this.repository.recordOperatorAction({
      actor: caller.principal.actor,
      action,
      target,
      details: details as Parameters<AlertsAuditRepository['recordOperatorAction']>[0]['details'],
      ipAddress: caller.ipAddress,
      userAgent: caller.userAgent,
      at: this.clock(),
    });
  }
}
