import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';

const INCOMING_ID = /^[\w.:-]{1,64}$/;

/**
 * Gives each request an id (kept from `X-Request-Id` when sane), a child logger tagged with it,
 * and one access-log line. The child logger is made on first use: most requests log nothing
 * below the configured level, and making a child serializes its bindings.
 */
export function requestContext(logger: Logger): Middleware {
  const accessLogged = logger.isLevelEnabled('info');
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    let child: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', { get: () => (child ??= logger.child({ requestId })), configurable: true });
    const started = performance.now();
    try {
      await next();
    } finally {
      if (accessLogged || ctx.status >= 500) {
        const line = { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) };
        const log = ctx.state.log as Logger;
        if (ctx.status >= 500) log.warn(line, 'request');
        else log.info(line, 'request');
      }
    }
  };
}
