import { createSigner, createVerifier } from 'fast-jwt';
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

/**
 * Signs and checks session tokens (HS256 JWTs) with the deployment's secret. fast-jwt checks the
 * HMAC with node:crypto in the calling thread: about 6 µs a token here, where WebCrypto's (jose)
 * took 50-70 µs of CPU between its job, its thread-pool hop and its promises, paid by every new
 * session's first request (a sync, for most users).
 */
export class SessionTokens {
  private readonly sign: (payload: Record<string, unknown>) => string;
  /** One verifier per audience; expiry is checked against `now`, which tests move. */
  private readonly verifiers: Record<Audience, (token: string) => Record<string, unknown>>;
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
    this.sign = createSigner({ key: secret, algorithm: 'HS256' });
    const verifier = (audience: Audience) =>
      createVerifier({
        key: secret,
        algorithms: ['HS256'],
        // fast-jwt checks an allowed issuer or audience only when the claim is there: both are required.
        requiredClaims: ['iss', 'aud', 'sub', 'exp'],
        allowedIss: ISSUER,
        allowedAud: audience,
        ignoreExpiration: true,
        ignoreNotBefore: true,
      });
    this.verifiers = { user: verifier('user'), staff: verifier('staff') };
  }

  async issue(claims: SessionClaims): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.ttlSeconds) * 1000);
    const token = this.sign({
      iss: ISSUER,
      role: claims.role,
      mid: claims.merchantId,
      aud: claims.audience,
      sub: claims.subject,
      iat: issuedAt,
      exp: Math.floor(expiresAt.getTime() / 1000),
    });
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
    let payload: Record<string, unknown>;
    try {
      payload = this.verifiers[audience](token);
    } catch {
      throw authInvalid();
    }
    const nowSeconds = this.now().getTime() / 1000;
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw authInvalid();
    for (const claim of ['nbf', 'iat'] as const) if (payload[claim] !== undefined && typeof payload[claim] !== 'number') throw authInvalid();
    if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds) throw authInvalid();
    if (payload.exp <= nowSeconds) throw authInvalid('The session has expired; sign in again');
    const claims: SessionClaims = {
      subject: payload.sub,
      audience,
      role: payload.role as SessionClaims['role'],
      merchantId: typeof payload.mid === 'string' ? payload.mid : undefined,
    };
    this.verified.set(token, { claims, expiresAtMs: payload.exp * 1000 });
    return claims;
  }
}
