import type { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { LRUCache } from 'lru-cache';
import { authInvalid } from '../errors.js';

export type Audience = 'user' | 'staff';

export interface SessionClaims {
  /** The user's (or staff member's) id. */
  subject: string;
  audience: Audience;
  role?: 'merchant' | 'operator';
  merchantId?: string;
}

const ISSUER = 'calorie-bank';

/** Signs and checks session tokens (HS256 JWTs) with the deployment's secret. */
export class SessionTokens {
  /** Imported once: handing jose raw bytes would import the key again on every request. */
  private readonly key: Promise<webcrypto.CryptoKey>;
  /**
   * Tokens already verified, with their expiry. A token is immutable and its signature check
   * deterministic, so a repeat request of the same session skips the HMAC; expiry is still
   * checked on every use. Only successes are kept, so forged tokens always take the full check.
   */
  private readonly verified = new LRUCache<string, { claims: SessionClaims; expiresAtMs: number }>({ max: 20_000 });

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
  }

  async issue(claims: SessionClaims): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.ttlSeconds) * 1000);
    const token = await new SignJWT({ role: claims.role, mid: claims.merchantId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(claims.audience)
      .setSubject(claims.subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.key);
    return { token, expiresAt };
  }

  /** The claims of a valid token for `audience`; AUTH_INVALID for anything else. */
  async verify(token: string, audience: Audience): Promise<SessionClaims> {
    const known = this.verified.get(token);
    if (known && known.claims.audience === audience) {
      if (known.expiresAtMs > this.now().getTime()) return known.claims;
      this.verified.delete(token);
      throw authInvalid('The session has expired; sign in again');
    }
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        issuer: ISSUER,
        audience,
        algorithms: ['HS256'],
        currentDate: this.now(),
      });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw authInvalid();
      const claims: SessionClaims = {
        subject: payload.sub,
        audience,
        role: payload.role as SessionClaims['role'],
        merchantId: typeof payload.mid === 'string' ? payload.mid : undefined,
      };
      this.verified.set(token, { claims, expiresAtMs: payload.exp * 1000 });
      return claims;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw authInvalid('The session has expired; sign in again');
      throw authInvalid();
    }
  }
}
