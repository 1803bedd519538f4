import type { Middleware } from 'koa';
import { notFound } from '../errors.js';
import type { ImageStore } from '../media/image-store.js';

const MEDIA_PATH = /^\/media\/([^/]+)$/;
/** An image id names its bytes for ever, so every cache may keep it for a year without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Serves uploaded images at `/media/<id>` with their stored type and immutable caching. */
export function mediaFiles(store: ImageStore): Middleware {
  return async (ctx, next) => {
    const match = MEDIA_PATH.exec(ctx.path);
    if (!match || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const image = await store.get(match[1]);
    if (!image) throw notFound('This image');
    ctx.set('Cache-Control', IMMUTABLE);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.etag = match[1].slice(0, match[1].indexOf('.'));
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.type = image.contentType;
    ctx.length = image.size;
    // Koa answers HEAD with the headers alone; a stream opened for it would never be read.
    if (ctx.method === 'GET') ctx.body = image.open();
  };
}
