import { Injectable } from '@nestjs/common';

import { TokenCipher } from '../crypto/token-cipher';
import { PrismaService } from '../prisma.service';

export interface BrokerLogin {
  broker: string;
  accountId: string;
  accessToken: string;
  refreshToken?: string;
  issuedAt: Date | string;
  expiresAt?: Date | string;
}

export interface BrokerSessionTokens {
  accessToken: string;
  refreshToken: string | null;
  issuedAt: Date;
  expiresAt: Date | null;
}

/** Broker logins; tokens are sealed with AES-256-GCM before they reach the database, bound to their account. */
@Injectable()
export class BrokerSessionsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: TokenCipher,
  ) {}

  async saveSession(login: BrokerLogin): Promise<void> {
    const aad = `${login.broker}:${login.accountId}`;
    await this.prisma.brokerSession.create({
      data: {
        broker: login.broker,
        accountId: login.accountId,
        accessTokenEncrypted: this.cipher.encrypt(login.accessToken, aad),
        refreshTokenEncrypted: login.refreshToken ? this.cipher.encrypt(login.refreshToken, aad) : null,
        issuedAt: new Date(login.issuedAt),
        expiresAt: login.expiresAt ? new Date(login.expiresAt) : null,
      },
    });
  }

  /** The newest session not revoked and not expired at `now`, decrypted; null when a new login is needed. */
  async currentSession(broker: string, accountId: string, now: Date): Promise<BrokerSessionTokens | null> {
    const row = await this.prisma.brokerSession.findFirst({
      where: { broker, accountId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      orderBy: { issuedAt: 'desc' },
    });
    if (!row) return null;
    const aad = `${broker}:${accountId}`;
    return {
      accessToken: this.cipher.decrypt(row.accessTokenEncrypted, aad),
      refreshToken: row.refreshTokenEncrypted ? this.cipher.decrypt(row.refreshTokenEncrypted, aad) : null,
      issuedAt: row.issuedAt,
      expiresAt: row.expiresAt,
    };
  }

  async revokeSessions(broker: string, accountId: string, at: Date): Promise<number> {
    const { count } = await this.prisma.brokerSession.updateMany({
      where: { broker, accountId, revokedAt: null },
      data: { revokedAt: at },
    });
    return count;
  }
}
