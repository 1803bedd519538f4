import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
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
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = new TextEncoder().encode(secret);
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
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The claims of a valid token for `audience`; AUTH_INVALID for anything else. */
  async verify(token: string, audience: Audience): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience,
        algorithms: ['HS256'],
        currentDate: this.now(),
      });
      if (typeof payload.sub !== 'string') throw authInvalid();
      return {
        subject: payload.sub,
        audience,
        role: payload.role as SessionClaims['role'],
        merchantId: typeof payload.mid === 'string' ? payload.mid : undefined,
      };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw authInvalid('The session has expired; sign in again');
      throw authInvalid();
    }
  }
}
