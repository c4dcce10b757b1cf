import { redactQueryValues } from './query-values';

describe('query values in a logged or echoed URL', () => {
  it('are blanked while the path and parameter names stay readable', () => {
    expect(redactQueryValues('/auth/kite/callback?request_token=abc123&action=login&status=success')).toBe(
      '/auth/kite/callback?request_token=[redacted]&action=[redacted]&status=[redacted]',
    );
  });

  it('leave a URL without a query, or a bare flag, as it was', () => {
    expect(redactQueryValues('/health/ready')).toBe('/health/ready');
    expect(redactQueryValues('/orders?open')).toBe('/orders?open');
  });
});
