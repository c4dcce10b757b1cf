import { REDACTED, registerSecretValue, scrubSecrets, scrubSecretsDeep } from './secret-values';

describe('secret values', () => {
  it('blanks a registered secret wherever it appears, in clear, JSON-escaped or URL-encoded', () => {
    registerSecretValue('kite-secret-"quoted"/value');
    const raw = 'kite-secret-"quoted"/value';
    expect(scrubSecrets(`login failed for ${raw} at dawn`)).toBe(`login failed for ${REDACTED} at dawn`);
    expect(scrubSecrets(JSON.stringify({ msg: `bad ${raw}` }))).toBe(`{"msg":"bad ${REDACTED}"}`);
    expect(scrubSecrets(`/postbacks?s=${encodeURIComponent(raw)}`)).toBe(`/postbacks?s=${REDACTED}`);
  });

  it('replaces a secret that contains another one whole', () => {
    registerSecretValue('abcd');
    registerSecretValue('xxabcdxx');
    expect(scrubSecrets('token xxabcdxx')).toBe(`token ${REDACTED}`);
  });

  it('leaves values too short to be secrets alone, so ordinary words survive', () => {
    registerSecretValue('x');
    expect(scrubSecrets('max 1 x 2')).toBe('max 1 x 2');
  });

  it('scrubs nested fields of an error body', () => {
    registerSecretValue('jwt.header.signature');
    expect(scrubSecretsDeep({ message: ['token jwt.header.signature expired'], statusCode: 401 })).toEqual({
      message: [`token ${REDACTED} expired`],
      statusCode: 401,
    });
  });
});
