import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { storageFault } from '../db/faults.js';
import { AppError, serviceUnavailable } from '../errors.js';
import type { Metrics } from '../metrics.js';

/**
 * The one place errors become answers: `{"error":{"code","message"}}` with the code's status.
 * A store that is down, too slow or too contended answers SERVICE_UNAVAILABLE with Retry-After;
 * other errors that are not AppErrors are logged in full and answered as INTERNAL with no internals.
 */
export function errorHandler(logger: Logger, metrics?: Metrics): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (thrown) {
      const fault = thrown instanceof AppError && thrown.status !== 500 ? null : storageFault(thrown);
      const error = fault
        ? serviceUnavailable(`The ${fault.store} is not answering in time; try again shortly`, thrown, fault.retryAfterSeconds)
        : thrown instanceof AppError
          ? thrown
          : fromKoaError(thrown);
      const log = (ctx.state.log as Logger | undefined) ?? logger;
      if (fault) {
        metrics?.storageUnavailable.inc({ store: fault.store });
        log.warn({ err: thrown, store: fault.store }, 'storage unavailable');
      } else if (error.status >= 500) log.error({ err: thrown, code: error.code }, 'request failed');
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
