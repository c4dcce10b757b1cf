import { type StreamPublisher } from '@dalal/bus';
import {
  ALERT,
  STRATEGY_INTENT,
  alertsStream,
  intentsStream,
  type Alert,
  type StrategyIntent,
} from '@dalal/contracts';

import { type EngineOutput } from './engine-ports';

/** Intents on `strategy.intents`, alerts on `alerts`. */
export class BusEngineOutput implements EngineOutput {
  constructor(private readonly publisher: StreamPublisher) {}

  async intent(intent: StrategyIntent): Promise<void> {
    await this.publisher.publish(intentsStream(), STRATEGY_INTENT, intent);
  }

  async alert(alert: Alert): Promise<void> {
    await this.publisher.publish(alertsStream(), ALERT, alert);
  }
}
