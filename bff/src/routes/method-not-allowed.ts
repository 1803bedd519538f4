import type { Middleware } from 'koa';
import { AppError } from '../errors.js';

/**
 * The router marks a known path asked with another method 405 (or 501 for a method it does not
 * implement at all) with an `Allow` header and no body; this answers both as METHOD_NOT_ALLOWED
 * in the contract's JSON, keeping `Allow`.
 */
export function methodNotAllowed(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.status !== 405 && ctx.status !== 501) return;
    const allow = ctx.response.get('Allow');
    if (!allow) throw new AppError('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
    throw new AppError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed here; use ${allow}`, { headers: { Allow: allow } });
  };
}
