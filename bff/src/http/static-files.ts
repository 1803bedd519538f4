import send from 'koa-send';
import type { Middleware } from 'koa';
import { IMMUTABLE } from './media-files.js';

/**
 * The H5 build names its scripts and styles by content (`js/app.75746374.js`,
 * `css/app.757463740deb9e521a53.css`; see miniapp/config/index.ts): such a name never changes
 * what it serves, so browsers may keep it for a year without asking again.
 */
const HASHED_ASSET = /^\/(js|css)\/[^/]+\.[0-9a-f]{8,32}\.(js|css)$/;

/**
 * How long a browser may keep a file: hashed assets for ever, the index page never without
 * asking (it names the current assets), anything else (tab icons) an hour.
 */
export function cachePolicy(path: string): string {
  if (HASHED_ASSET.test(path)) return IMMUTABLE;
  if (path === '/' || path === '/index.html') return 'no-cache';
  return 'public, max-age=3600';
}

/**
 * Serves the built H5 mini-program for GET requests no route answered; `/` is its index page. The
 * build writes brotli and gzip copies of its text files (miniapp/config/precompress.ts), which
 * koa-send answers to a browser that accepts them, so those bodies are not compressed per response.
 */
export function staticFiles(root: string): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.body !== undefined || ctx.status !== 404 || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return;
    if (ctx.path.startsWith('/api/') || ctx.path.startsWith('/sandbox/')) return;
    const policy = cachePolicy(ctx.path);
    try {
      // Which copy was sent depends on Accept-Encoding: the compression middleware adds it to Vary.
      await send(ctx, ctx.path === '/' ? 'index.html' : ctx.path, { root, setHeaders: (res) => res.setHeader('Cache-Control', policy) });
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  };
}
