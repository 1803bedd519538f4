import type { Middleware } from 'koa';
import type { Metrics } from '../metrics.js';

/** Times every request under its route pattern (not its raw path, which would explode the label set). */
export function requestMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const stop = metrics.requestDuration.startTimer();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      stop({ method: ctx.method, route, status: String(ctx.status) });
    }
  };
}
