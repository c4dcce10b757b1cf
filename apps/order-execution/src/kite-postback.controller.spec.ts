import { createHash } from 'node:crypto';

import { ForbiddenException } from '@nestjs/common';

import { kiteFixture } from '@dalal/fakes';

import { type OrderExecutor } from './execution/order-executor';
import { KitePostbackController } from './kite-postback.controller';

describe('Kite postback endpoint', () => {
  const postback = kiteFixture<{ order_id: string; order_timestamp: string; checksum: string }>(
    'postback.json',
  );
  const sign = (secret: string) =>
    createHash('sha256').update(`${postback.order_id}${postback.order_timestamp}${secret}`).digest('hex');

  function controller(secret: string | undefined) {
    const syncs: number[] = [];
    const executor = { sync: async () => void syncs.push(1) } as unknown as OrderExecutor;
    return { endpoint: new KitePostbackController(executor, { KITE_API_SECRET: secret }), syncs };
  }

  it('wakes the order sync for a postback signed with our secret', async () => {
    const { endpoint, syncs } = controller('s3cret');
    await expect(endpoint.kite({ ...postback, checksum: sign('s3cret') })).resolves.toEqual({
      status: 'accepted',
    });
    expect(syncs).toEqual([1]);
  });

  it('refuses a forged postback, and every postback when no secret is configured', async () => {
    const signed = controller('s3cret');
    await expect(signed.endpoint.kite({ ...postback, checksum: sign('other') })).rejects.toBeInstanceOf(
      ForbiddenException,
    );
    const unsigned = controller(undefined);
    await expect(unsigned.endpoint.kite({ ...postback, checksum: sign('s3cret') })).rejects.toBeInstanceOf(
      ForbiddenException,
    );
    expect([...signed.syncs, ...unsigned.syncs]).toEqual([]);
  });
});
