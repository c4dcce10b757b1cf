export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const GATEWAY_SECRETS = Symbol('GATEWAY_SECRETS');
/** `() => Date`: injected so tests control time (token expiry, lockouts, trading days). */
export const GATEWAY_CLOCK = Symbol('GATEWAY_CLOCK');

export type GatewayClock = () => Date;
/** The encrypted broker-session store, or null when TOKEN_ENCRYPTION_KEY is not set. */
export const BROKER_SESSIONS = Symbol('BROKER_SESSIONS');
