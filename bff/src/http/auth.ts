import type { Middleware } from 'koa';
import type { ApiAuth } from '@calorie-bank/shared';
import type { SessionTokens } from '../auth/tokens.js';
import { AppError, authRequired, forbidden } from '../errors.js';

/** A super-app user, signed in through the platform. */
export interface UserPrincipal {
  userId: string;
}

/** A merchant's staff member: what they do is confined to their merchant. */
export interface MerchantPrincipal {
  staffId: string;
  merchantId: string;
}

/** An operator of the product. */
export interface OperatorPrincipal {
  staffId: string;
}

/** Who a route of `auth` serves: its handler gets this from the guard, never from a header. */
export type Principal<A extends ApiAuth> = A extends 'user'
  ? UserPrincipal
  : A extends 'merchant'
    ? MerchantPrincipal
    : A extends 'operator'
      ? OperatorPrincipal
      : null;

/** What a route's middleware and handler find on `ctx.state` once its guard has let the request in. */
export interface PrincipalState<A extends ApiAuth> {
  principal: Principal<A>;
}

/** One guard per kind of caller the contract names; a public route has none. */
export type Guards = { [A in Exclude<ApiAuth, false>]: Middleware<PrincipalState<A>> };

/** The token of an `Authorization: Bearer …` header; AUTH_REQUIRED when there is none. */
export function bearerToken(ctx: { get(field: string): string }): string {
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
  if (!match) throw authRequired();
  return match[1];
}

/** Requires a user's bearer token. A staff token is not a user session: AUTH_INVALID, so the mini-program signs in again. */
function requireUser(tokens: SessionTokens): Middleware<PrincipalState<'user'>> {
  return async (ctx, next) => {
    const claims = await tokens.verify(bearerToken(ctx), 'user');
    ctx.state.principal = { userId: claims.subject };
    return next();
  };
}

/** Requires a staff token of `role`. A user's token is refused, and so is a staff member of the other role. */
function requireStaff<Role extends 'merchant' | 'operator'>(
  tokens: SessionTokens,
  role: Role,
  principalOf: (claims: { subject: string; merchantId?: string }) => Principal<Role> | null,
): Middleware<PrincipalState<Role>> {
  return async (ctx, next) => {
    const token = bearerToken(ctx);
    const claims = await tokens.verify(token, 'staff').catch(async (error: unknown) => {
      // A super-app user's valid token is a known caller without the right, not a bad token.
      if (error instanceof AppError && (await tokens.verify(token, 'user').then(() => true, () => false))) throw forbidden('Staff only');
      throw error;
    });
    const principal = claims.role === role ? principalOf(claims) : null;
    if (!principal) throw forbidden(`Only ${role}s may do this`);
    ctx.state.principal = principal;
    return next();
  };
}

/** The guards of every kind of caller, checking tokens with `tokens`. */
export function authGuards(tokens: SessionTokens): Guards {
  return {
    user: requireUser(tokens),
    merchant: requireStaff(tokens, 'merchant', ({ subject, merchantId }) => (merchantId ? { staffId: subject, merchantId } : null)),
    operator: requireStaff(tokens, 'operator', ({ subject }) => ({ staffId: subject })),
  };
}
