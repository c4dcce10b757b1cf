// The REST and WebSocket client of the dashboard: one access token in memory (and sessionStorage, so a
// reload keeps the login for the tab), refreshed a minute before it expires. Expiry is timed from the
// token's lifetime on receipt, not from its UTC expiry, so a browser clock that is off does not matter.
const STORE = 'dalal.tokens';
let tokens = JSON.parse(sessionStorage.getItem(STORE) || 'null');
let refreshTimer;
/** One refresh at a time: a refresh token works once, so parallel calls must share it. */
let refreshing = null;

export class Unauthorized extends Error {}

function keep(answer) {
  const now = Date.now();
  const next = answer && {
    ...answer,
    localExpiry: answer.localExpiry ?? now + answer.expiresIn * 1000,
    localRefreshExpiry: answer.localRefreshExpiry ?? now + answer.refreshExpiresIn * 1000,
  };
  tokens = next;
  if (next) sessionStorage.setItem(STORE, JSON.stringify(next));
  else sessionStorage.removeItem(STORE);
  clearTimeout(refreshTimer);
  if (next) {
    const wait = Math.max(5_000, next.localExpiry - Date.now() - 60_000);
    refreshTimer = setTimeout(() => refresh().catch(() => keep(null)), wait);
  }
}

function refresh() {
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      });
      if (!response.ok) throw new Unauthorized('session ended');
      keep(await response.json());
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export const loggedIn = () => tokens !== null && tokens.localRefreshExpiry > Date.now();
export const accessToken = () => tokens?.accessToken;

export async function login(username, password) {
  const response = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || `login failed (${response.status})`);
  keep(body);
}

export function logout() {
  keep(null);
}

export async function api(path, { method = 'GET', body } = {}, retried = false) {
  if (tokens && tokens.localExpiry <= Date.now()) await refresh();
  const response = await fetch(`/api/v1/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens?.accessToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    // The token died early (a laptop asleep, a server restart with a new key): one refresh, one retry.
    if (retried || !tokens) throw new Unauthorized('session ended');
    await refresh();
    return api(path, { method, body }, true);
  }
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.message || `${method} ${path}: ${response.status}`);
  return answer;
}

/** The live socket: reconnects with backoff, re-subscribes, and hands each event to `onEvent`. */
export function liveSocket({ channels, onEvent, onState }) {
  let socket;
  let delay = 1_000;
  let wanted = new Set(channels());
  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(
      `${scheme}://${location.host}/api/v1/ws?token=${encodeURIComponent(accessToken())}`,
    );
    socket.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      if (frame.type === 'welcome') {
        delay = 1_000;
        onState(true);
        socket.send(JSON.stringify({ type: 'subscribe', channels: [...wanted] }));
      } else if (frame.type === 'event') onEvent(frame);
    };
    socket.onclose = () => {
      onState(false);
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 30_000);
    };
  };
  open();
  return {
    resubscribe() {
      const next = new Set(channels());
      const gone = [...wanted].filter((c) => !next.has(c));
      if (socket.readyState === WebSocket.OPEN) {
        if (gone.length) socket.send(JSON.stringify({ type: 'unsubscribe', channels: gone }));
        socket.send(JSON.stringify({ type: 'subscribe', channels: [...next] }));
      }
      wanted = next;
    },
  };
}
