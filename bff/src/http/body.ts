import getRawBody from 'raw-body';
import type { Middleware } from 'koa';
import { AppError, validationFailed } from '../errors.js';

export const BODY_LIMIT_BYTES = 64 * 1024;
/** No request of the contract nests deeper than a few levels; deeper input only costs stack. */
export const MAX_JSON_DEPTH = 32;

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}

export interface BodyOptions {
  limit?: number;
  /** Paths whose callers post forms (the sandbox gateway, as alipay-sdk does); every other path takes JSON only. */
  formPaths?: readonly string[];
  /** Paths whose routes read the body themselves (file uploads); left unread here. */
  ownBodyPaths?: readonly string[];
}

/** How deep `text` (JSON) nests arrays and objects; strings are skipped, so brackets inside them do not count. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x7d || char === 0x5d) depth -= 1;
  }
  return deepest;
}

const unsupported = (message: string) => new AppError('UNSUPPORTED_MEDIA_TYPE', message);

/**
 * Reads JSON bodies (and form bodies on `formPaths`) up to 64 KB. Anything else answers
 * UNSUPPORTED_MEDIA_TYPE, as does a body that does not parse as JSON; a larger body PAYLOAD_TOO_LARGE
 * before it is read in full; absurdly nested JSON VALIDATION_FAILED, so no later step ever sees it.
 */
export function bodyParser({ limit = BODY_LIMIT_BYTES, formPaths = [], ownBodyPaths = [] }: BodyOptions = {}): Middleware {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method) || !ctx.request.length && !ctx.get('transfer-encoding')) {
      return next();
    }
    if (ownBodyPaths.includes(ctx.path)) return next();
    const form = formPaths.includes(ctx.path) && ctx.request.is('application/x-www-form-urlencoded');
    if (!form && !ctx.request.is('application/json', 'application/*+json')) throw unsupported('Send the body as application/json');
    const charset = ctx.request.charset.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') throw unsupported('Send the body in UTF-8');
    const encoding = ctx.get('content-encoding');
    if (encoding && encoding.toLowerCase() !== 'identity') throw unsupported('Send the body uncompressed');
    let text: string;
    try {
      text = await getRawBody(ctx.req, { length: ctx.request.length, limit, encoding: 'utf8' });
    } catch (error) {
      const reason = (error as { type?: string }).type;
      if (reason === 'entity.too.large') throw new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limit / 1024} KB`);
      throw validationFailed('The request body could not be read');
    }
    if (form) {
      ctx.request.body = Object.fromEntries(new URLSearchParams(text));
      return next();
    }
    if (jsonDepth(text) > MAX_JSON_DEPTH) throw validationFailed(`The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    let prototypeKey = false;
    try {
      // No field of the contract is called __proto__; schemas would drop such a key unseen, so refuse it here.
      ctx.request.body = text.length === 0 ? undefined : (JSON.parse(text, (key, value: unknown) => {
        if (key === '__proto__') prototypeKey = true;
        return value;
      }) as unknown);
    } catch {
      // The contract's "a body that is not JSON": 415, whatever Content-Type claimed.
      throw unsupported('The request body is not valid JSON');
    }
    if (prototypeKey) throw validationFailed('__proto__ is not a field this request takes', '__proto__');
    return next();
  };
}
