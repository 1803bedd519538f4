import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';

/**
 * The one place errors become answers: `{"error":{"code","message"}}` with the code's status.
 * Errors that are not AppErrors are logged in full and answered as INTERNAL with no internals.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (thrown) {
      const error = thrown instanceof AppError ? thrown : fromKoaError(thrown);
      const log = (ctx.state.log as Logger | undefined) ?? logger;
      if (error.status >= 500) log.error({ err: thrown, code: error.code }, 'request failed');
      else log.debug({ code: error.code }, error.message);
      ctx.status = error.status;
      for (const [name, value] of Object.entries(error.headers ?? {})) ctx.set(name, value);
      ctx.body = {
        error: {
          code: error.code,
          message: error.expose ? error.message : 'Something went wrong on our side; please try again',
          ...(error.expose && error.details !== undefined ? { details: error.details } : {}),
        },
      };
    }
  };
}

/** Koa and its middleware throw `http-errors` with a status; keep client errors, hide the rest. */
function fromKoaError(thrown: unknown): AppError {
  const status = (thrown as { status?: unknown }).status;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The body is too large');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('VALIDATION_FAILED', (thrown as Error).message || 'Bad request');
  }
  return new AppError('INTERNAL', 'internal error', { cause: thrown });
}
