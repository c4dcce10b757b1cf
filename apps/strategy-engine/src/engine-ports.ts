import { type Alert, type Bar, type StrategyIntent } from '@dalal/contracts';

import { type RunnerSetup, type StrategyInstanceRow } from './runner/runner-setup';

/** Where the engine's intents and alerts go (the bus in the service, a recorder in tests). */
export interface EngineOutput {
  intent(intent: StrategyIntent): Promise<void>;
  alert(alert: Alert): Promise<void>;
}

/** The audit trail of intents (`signals`): saving an intent already saved changes nothing. */
export interface SignalStore {
  save(intent: StrategyIntent): Promise<void>;
}

/** The configured strategy runs. */
export interface InstanceSource {
  enabled(): Promise<StrategyInstanceRow[]>;
  find(id: string): Promise<StrategyInstanceRow | null>;
}

/** Stored closed bars of a runner's underlying and timeframe, oldest first, to warm its strategy up. */
export interface WarmUpBars {
  barsFor(setup: RunnerSetup): Promise<Bar[]>;
}
