import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { type GatewayConfig } from '../config';
import { GatewayError } from '../gateway-error';
import { GATEWAY_CLOCK, GATEWAY_CONFIG, GATEWAY_SECRETS, type GatewayClock } from '../gateway.tokens';
import { type GatewaySecrets } from './gateway-secrets';
import { LoginLockout } from './login-lockout';
import { verifyPassword } from './password-hash';
import { type Principal } from './principal';

export interface IssuedTokens {
  tokenType: 'Bearer';
  accessToken: string;
  /** UTC ISO. */
  expiresAt: string;
  /** Seconds the access token lives: clients time their refresh by it, whatever their own clock says. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
  refreshExpiresIn: number;
}

interface TokenClaims {
  sub: string;
  typ: 'access' | 'refresh';
  jti?: string;
  iat: number;
  exp: number;
}

// Digests of equal length, compared in constant time: the time taken says nothing about the user name.
const digest = (text: string) => createHash('sha256').update(text).digest();
const sameText = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * The operator's login: a short-lived access token (JWT, HS256) and a longer refresh token that can be
 * used once (each refresh hands out a new pair), as Freqtrade does. Failed logins count towards a lockout
 * per user name and per client address.
 */
@Injectable()
export class AuthService {
  private readonly jwt: JwtService;
  private readonly lockout: LoginLockout;
  /** Refresh tokens already exchanged, until they expire: a stolen copy cannot be replayed. */
  private readonly usedRefreshTokens = new Map<string, number>();

  constructor(
    @Inject(GATEWAY_SECRETS) private readonly secrets: GatewaySecrets,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
  ) {
    this.jwt = new JwtService({ secret: secrets.jwtSecret, signOptions: { algorithm: 'HS256' } });
    this.lockout = new LoginLockout({
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockoutMs: config.LOGIN_LOCKOUT_SECONDS * 1000,
      now: () => clock().getTime(),
    });
  }

  async login(
    credentials: { username: string; password: string },
    clientAddress: string,
  ): Promise<IssuedTokens> {
    const keys = [`user:${credentials.username}`, `address:${clientAddress}`];
    const lockedMs = this.lockout.lockedFor(keys);
    if (lockedMs > 0) {
      const retryAfterSeconds = Math.ceil(lockedMs / 1000);
      throw new GatewayError('LOCKED_OUT', `too many failed logins; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
    // The hash is checked even for an unknown user name, so a wrong name takes as long as a wrong password.
    const passwordOk = await verifyPassword(credentials.password, this.secrets.admin.passwordHash);
    if (!sameText(credentials.username, this.secrets.admin.user) || !passwordOk) {
      this.lockout.failed(keys);
      throw new GatewayError('UNAUTHENTICATED', 'invalid user name or password');
    }
    this.lockout.succeeded(keys);
    return this.issue(this.secrets.admin.user);
  }

  /** A new pair for a refresh token not used before. */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const claims = await this.verify(refreshToken, 'refresh');
    if (!claims?.jti || this.usedRefreshTokens.has(claims.jti))
      throw new GatewayError('UNAUTHENTICATED', 'invalid refresh token');
    const now = this.clock().getTime() / 1000;
    for (const [jti, exp] of this.usedRefreshTokens) if (exp < now) this.usedRefreshTokens.delete(jti);
    this.usedRefreshTokens.set(claims.jti, claims.exp);
    return this.issue(claims.sub);
  }

  /** The operator behind a valid access token, or null. */
  async principalOf(accessToken: string): Promise<Principal | null> {
    const claims = await this.verify(accessToken, 'access');
    return claims ? { kind: 'user', actor: claims.sub, expiresAtMs: claims.exp * 1000 } : null;
  }

  private async issue(user: string): Promise<IssuedTokens> {
    const iat = Math.floor(this.clock().getTime() / 1000);
    const exp = iat + this.config.ACCESS_TOKEN_TTL_SECONDS;
    const refreshExp = iat + this.config.REFRESH_TOKEN_TTL_SECONDS;
    const [accessToken, refreshToken] = await Promise.all([
      this.jwt.signAsync({ sub: user, typ: 'access', iat, exp } satisfies TokenClaims),
      this.jwt.signAsync({
        sub: user,
        typ: 'refresh',
        jti: randomBytes(16).toString('base64url'),
        iat,
        exp: refreshExp,
      } satisfies TokenClaims),
    ]);
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresAt: new Date(exp * 1000).toISOString(),
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshExpiresAt: new Date(refreshExp * 1000).toISOString(),
      refreshExpiresIn: this.config.REFRESH_TOKEN_TTL_SECONDS,
    };
  }

  private async verify(token: string, typ: TokenClaims['typ']): Promise<TokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock().getTime() / 1000),
      });
      // An access token cannot be used to refresh, nor a refresh token to call the API.
      if (claims.typ !== typ || claims.sub !== this.secrets.admin.user) return null;
      return claims;
    } catch {
      return null; // malformed, tampered with or expired: all the same to the caller, a 401
    }
  }
}
