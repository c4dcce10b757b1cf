/**
 * Values that must never leave the process in clear: the secrets of the configuration (registered by
 * `loadConfig` from the fields each schema marks `secret()`) and credentials obtained at run time
 * (access tokens, JWTs) registered by whoever receives them. Logs, HTTP error bodies and anything else
 * written out pass through `scrubSecrets`, so a secret is caught by its value wherever it hides — a URL, an
 * error message, a nested field — not only under the key names a path list happens to know.
 */
const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Shorter values would blank ordinary words and numbers; a secret this short is no secret anyway. */
export const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[redacted]';

export function registerSecretValue(value: string | undefined | null): void {
  if (!value || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  // Also as it appears inside JSON (a log line) and inside a URL (a logged or echoed request path).
  for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])
    secrets.add(form);
  // Longest first, so a secret containing another is replaced whole.
  const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
  pattern = new RegExp(alternatives.join('|'), 'g');
}

/** Replaces every registered secret in the text; the text itself when none occurs. */
export function scrubSecrets(text: string): string {
  if (!pattern) return text;
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, REDACTED) : text;
}

/** The same for any JSON-able value (an HTTP error body). */
export function scrubSecretsDeep<T>(value: T): T {
  if (!pattern || value === undefined) return value;
  const json = JSON.stringify(value);
  const scrubbed = scrubSecrets(json);
  return scrubbed === json ? value : (JSON.parse(scrubbed) as T);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
