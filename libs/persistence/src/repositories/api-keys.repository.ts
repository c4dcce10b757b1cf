import { Injectable } from '@nestjs/common';

import { PrismaService } from '../prisma.service';

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiKey {
  id: string;
  name: string;
  /** A one-way hash of the key: the key itself is shown once to its owner and never stored. */
  keyHash: string;
  prefix: string;
  createdBy: string;
  at: Date;
}

const fields = {
  id: true,
  name: true,
  prefix: true,
  createdBy: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** API keys for scripts (`X-API-Key`), by hash; revoked keys stay listed so their audit rows keep a name. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(key: NewApiKey): Promise<ApiKeyRecord> {
    return this.prisma.apiKey.create({
      data: {
        id: key.id,
        name: key.name,
        keyHash: key.keyHash,
        prefix: key.prefix,
        createdBy: key.createdBy,
        createdAt: key.at,
      },
      select: fields,
    });
  }

  /** The live (not revoked) key with this hash, or null. */
  async findActiveByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    return this.prisma.apiKey.findFirst({ where: { keyHash, revokedAt: null }, select: fields });
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.prisma.apiKey.findMany({ orderBy: { createdAt: 'desc' }, select: fields });
  }

  /** Returns the revoked key, or null when no live key has this id. */
  async revoke(id: string, at: Date): Promise<ApiKeyRecord | null> {
    const { count } = await this.prisma.apiKey.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: at },
    });
    if (count === 0) return null;
    return this.prisma.apiKey.findUnique({ where: { id }, select: fields });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
