import { createHash } from 'node:crypto';

import { kiteFixture } from '@dalal/fakes';

import { type KitePostback, verifyKitePostback } from './kite-postback';

describe('Kite postback checksum', () => {
  const published = kiteFixture<KitePostback>('postback.json');
  const secret = 'our_api_secret';
  const signed = {
    ...published,
    checksum: createHash('sha256')
      .update(`${published.order_id}${published.order_timestamp}${secret}`)
      .digest('hex'),
  };

  it('accepts a postback signed with our secret', () => {
    expect(verifyKitePostback(signed, secret)).toBe(true);
  });

  it('refuses one signed with another secret, a changed order, or a malformed checksum', () => {
    expect(verifyKitePostback(published, secret)).toBe(false);
    expect(verifyKitePostback({ ...signed, order_id: '220303000308933' }, secret)).toBe(false);
    expect(verifyKitePostback({ ...signed, checksum: 'abc' }, secret)).toBe(false);
  });
});
