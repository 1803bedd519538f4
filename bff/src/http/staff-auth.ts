import type { Middleware } from 'koa';
import type { SessionTokens } from '../auth/tokens.js';
import { AppError, forbidden } from '../errors.js';
import { bearerToken } from './auth.js';

declare module 'koa' {
  interface DefaultState {
    staff?: { id: string; role: 'merchant' | 'operator'; merchantId?: string };
  }
}

/** Requires a staff token of `role` and puts the staff member on `ctx.state.staff`. A user's token is refused. */
export function requireStaff(tokens: SessionTokens, role: 'merchant' | 'operator'): Middleware {
  return async (ctx, next) => {
    const token = bearerToken(ctx);
    const claims = await tokens.verify(token, 'staff').catch(async (error: unknown) => {
      // A super-app user's valid token is a known caller without the right, not a bad token.
      if (error instanceof AppError && (await tokens.verify(token, 'user').then(() => true, () => false))) throw forbidden('Staff only');
      throw error;
    });
    if (claims.role !== role || (role === 'merchant' && !claims.merchantId)) throw forbidden(`Only ${role}s may do this`);
    ctx.state.staff = { id: claims.subject, role: claims.role, merchantId: claims.merchantId };
    return next();
  };
}
