import { Inject, Injectable, Optional } from '@nestjs/common';

import { brokerSessionValid } from '@dalal/observability';
import { ReadinessChecks } from '@dalal/runtime';

import { type OrderExecutionConfig } from './config';
import { EXECUTION_CONFIG } from './execution.tokens';

/**
 * Readiness: not ready while the real broker has refused our session (TOKEN_EXPIRED). The answer comes from
 * what the broker last said (`broker_session_valid`, kept by MeteredBroker on every request, reconciliation
 * included), so the probe itself never calls the broker. The paper broker has no session to lose.
 */
@Injectable()
export class BrokerSessionReadiness {
  constructor(
    @Inject(EXECUTION_CONFIG) config: Pick<OrderExecutionConfig, 'ORDER_BROKER'>,
    @Optional() readiness?: ReadinessChecks,
  ) {
    const broker = config.ORDER_BROKER;
    if (broker === 'paper') return;
    readiness?.register('broker_session', async () => {
      const known = (await brokerSessionValid.get()).values.find((v) => v.labels.broker === broker);
      if (known?.value === 0)
        return { ok: false, detail: `${broker} session expired or missing: log in again` };
      return { ok: true, ...(known ? {} : { detail: `${broker} not asked yet` }) };
    });
  }
}
