import { Injectable } from '@nestjs/common';

import { type Alert as AlertMessage } from '@dalal/contracts';

import { type Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { isUniqueViolation } from './prisma-errors';

export interface OperatorAction {
  /** Who: the operator's user name or API key id. */
  actor: string;
  /** What: e.g. "kill_switch.engage", "strategy.start". */
  action: string;
  target?: string;
  details?: Prisma.InputJsonObject;
  /** From where. */
  ipAddress?: string;
  userAgent?: string;
  /** When. */
  at: Date | string;
}

/** Alerts raised on the bus and the append-only audit log of operator actions. */
@Injectable()
export class AlertsAuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Returns false when the alert's message was already recorded. */
  async recordAlert(alert: AlertMessage, raisedAt: Date | string, messageId?: string): Promise<boolean> {
    try {
      await this.prisma.alert.create({
        data: {
          messageId: messageId ?? null,
          severity: alert.severity,
          code: alert.code,
          message: alert.message,
          details: alert.details,
          raisedAt: new Date(raisedAt),
        },
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async acknowledgeAlert(id: number, by: string, at: Date): Promise<void> {
    await this.prisma.alert.update({ where: { id }, data: { acknowledgedAt: at, acknowledgedBy: by } });
  }

  async recordOperatorAction(action: OperatorAction): Promise<void> {
    await this.prisma.auditLog.create({
      data: {
        actor: action.actor,
        action: action.action,
        target: action.target ?? null,
        details: action.details ?? {},
        ipAddress: action.ipAddress ?? null,
        userAgent: action.userAgent ?? null,
        at: new Date(action.at),
      },
    });
  }
}
