import { REDACTED } from './secret-values';

/**
 * A URL with every query value blanked, names kept: `/x?request_token=[redacted]&action=[redacted]`. Query
 * strings carry credentials a process may not know as secrets (Kite's login redirect brings a request
 * token; a careless client puts an API secret there), so request logs and echoed paths never show them.
 */
export function redactQueryValues(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const params = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? pair : `${pair.slice(0, eq)}=${REDACTED}`;
    });
  return `${url.slice(0, start)}?${params.join('&')}`;
}
