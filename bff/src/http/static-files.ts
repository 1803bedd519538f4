import send from 'koa-send';
import type { Middleware } from 'koa';

/** Serves the built H5 mini-program for GET requests no route answered; `/` is its index page. */
export function staticFiles(root: string): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.body !== undefined || ctx.status !== 404 || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return;
    if (ctx.path.startsWith('/api/') || ctx.path.startsWith('/sandbox/')) return;
    try {
      await send(ctx, ctx.path === '/' ? 'index.html' : ctx.path, { root, maxage: ctx.path === '/' ? 0 : 3600_000 });
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  };
}
