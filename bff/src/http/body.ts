import getRawBody from 'raw-body';
import type { Middleware } from 'koa';
import { AppError, validationFailed } from '../errors.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}

/**
 * Reads JSON (and, for the sandbox gateway, form) bodies up to 64 KB. A larger body answers
 * PAYLOAD_TOO_LARGE before it is read in full; malformed JSON answers VALIDATION_FAILED.
 */
export function bodyParser(limit = BODY_LIMIT_BYTES): Middleware {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method) || !ctx.request.length && !ctx.get('transfer-encoding')) {
      return next();
    }
    const type = ctx.request.is('application/json', 'application/x-www-form-urlencoded');
    if (!type) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    }
    let text: string;
    try {
      text = await getRawBody(ctx.req, { length: ctx.request.length, limit, encoding: 'utf8' });
    } catch (error) {
      const reason = (error as { type?: string }).type;
      if (reason === 'entity.too.large') throw new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limit / 1024} KB`);
      throw validationFailed('The request body could not be read', { reason });
    }
    if (type === 'application/x-www-form-urlencoded') {
      ctx.request.body = Object.fromEntries(new URLSearchParams(text));
    } else {
      try {
        ctx.request.body = text.length === 0 ? undefined : (JSON.parse(text) as unknown);
      } catch {
        throw validationFailed('The request body is not valid JSON');
      }
    }
    return next();
  };
}
