import type { Middleware } from 'koa';
import type { SessionTokens } from '../auth/tokens.js';
import { AppError, authRequired, forbidden } from '../errors.js';

declare module 'koa' {
  interface DefaultState {
    staff?: { id: string; role: 'merchant' | 'operator'; merchantId?: string };
  }
}

/** Requires a staff token of `role` and puts the staff member on `ctx.state.staff`. A user's token is refused. */
export function requireStaff(tokens: SessionTokens, role: 'merchant' | 'operator'): Middleware {
  return async (ctx, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!match) throw authRequired();
    const claims = await tokens.verify(match[1], 'staff').catch(async (error: unknown) => {
      // A super-app user's valid token is a known caller without the right, not a bad token.
      if (error instanceof AppError && (await tokens.verify(match[1], 'user').then(() => true, () => false))) throw forbidden('Staff only');
      throw error;
    });
    if (claims.role !== role || (role === 'merchant' && !claims.merchantId)) throw forbidden(`Only ${role}s may do this`);
    ctx.state.staff = { id: claims.subject, role: claims.role, merchantId: claims.merchantId };
    return next();
  };
}
