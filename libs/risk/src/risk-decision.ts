import { type RiskLeg } from './risk-intent';
import { type RiskLimitName, type RiskReason } from './risk-reason';

/** A limit at or above its warning level (80% by default) once this decision is carried out. */
export interface RiskWarning {
  readonly limit: RiskLimitName;
  readonly used: string;
  readonly limitValue: string;
  /** used ÷ limit, 0–1+. */
  readonly ratio: number;
}

export type RiskDecision =
  | {
      readonly approved: true;
      /** How many sets of the intent's legs: the lots of a risk-sized entry. */
      readonly sets: number;
      /** The legs with their final quantities (per-set quantity × sets). */
      readonly legs: readonly RiskLeg[];
      /** Size was halved after a losing streak. */
      readonly halved: boolean;
      readonly warnings: readonly RiskWarning[];
    }
  | {
      readonly approved: false;
      readonly code: RiskReason;
      readonly message: string;
      readonly warnings: readonly RiskWarning[];
    };
