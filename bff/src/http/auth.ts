import type { Context, Middleware } from 'koa';
import type { SessionTokens } from '../auth/tokens.js';
import { authRequired } from '../errors.js';

declare module 'koa' {
  interface DefaultState {
    userId?: string;
  }
}

/** The token of an `Authorization: Bearer …` header; AUTH_REQUIRED when there is none. */
export function bearerToken(ctx: Context): string {
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
  if (!match) throw authRequired();
  return match[1];
}

/** Requires a user's bearer token and puts the user id on `ctx.state.userId`. */
export function requireUser(tokens: SessionTokens): Middleware {
  return async (ctx, next) => {
    const claims = await tokens.verify(bearerToken(ctx), 'user');
    ctx.state.userId = claims.subject;
    return next();
  };
}
