import { Injectable } from '@nestjs/common';

import { type StrategyIntent } from '@dalal/contracts';

import { PrismaService } from '../prisma.service';
import { isUniqueViolation } from './prisma-errors';

export interface RiskVerdict {
  intentId: string;
  strategyId: string;
  approved: boolean;
  /** The risk rule that refused, when rejected. */
  rule?: string;
  reason?: string;
  decidedAt: Date | string;
}

/** Intents (with the rule that fired and the indicator values) and risk's verdict on each, once per intent. */
@Injectable()
export class DecisionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Returns false when this intent was already recorded (a redelivery). */
  async recordIntent(
    intent: StrategyIntent,
    options: { messageId?: string; sessionId?: string } = {},
  ): Promise<boolean> {
    try {
      await this.prisma.signal.create({
        data: {
          intentId: intent.intentId,
          messageId: options.messageId ?? null,
          strategyId: intent.strategyId,
          sessionId: options.sessionId ?? null,
          mode: intent.mode,
          action: intent.action,
          rule: intent.reason,
          indicators: intent.indicators,
          legs: intent.legs,
          barTime: new Date(intent.barTime),
        },
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Returns false when a verdict on this intent was already recorded. */
  async recordRiskDecision(verdict: RiskVerdict, messageId?: string): Promise<boolean> {
    try {
      await this.prisma.riskDecision.create({
        data: {
          intentId: verdict.intentId,
          messageId: messageId ?? null,
          strategyId: verdict.strategyId,
          approved: verdict.approved,
          rule: verdict.rule ?? null,
          reason: verdict.reason ?? null,
          decidedAt: new Date(verdict.decidedAt),
        },
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
}
