import type { Middleware } from 'koa';
import type { SessionTokens } from '../auth/tokens.js';
import { authRequired } from '../errors.js';

declare module 'koa' {
  interface DefaultState {
    userId?: string;
  }
}

/** Requires a user's bearer token and puts the user id on `ctx.state.userId`. */
export function requireUser(tokens: SessionTokens): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw authRequired();
    const claims = await tokens.verify(match[1], 'user');
    ctx.state.userId = claims.subject;
    return next();
  };
}
