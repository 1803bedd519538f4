import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Context, Middleware } from 'koa';
import type { Redis, Cluster } from 'ioredis';
import type { ErrorCode } from '@calorie-bank/shared';
import { AppError, rateLimited } from '../errors.js';

/**
 * A fixed budget of `points` per key and `durationSeconds` (a minute unless told). With Redis the
 * budget is shared by every BFF process; if Redis fails, an in-memory limiter stands in so that
 * limits still hold per process.
 */
export function createLimiter(name: string, points: number, redis: Redis | Cluster | null, durationSeconds = 60): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: `rl:${name}`, points, duration: durationSeconds });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `rl:${name}`,
    points,
    duration: durationSeconds,
    insuranceLimiter: memory,
  });
}

function retryAfter(rejection: RateLimiterRes): AppError {
  return rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
}

/** Spends one point of `limiter` for the key `keyOf(ctx)`; beyond the budget answers RATE_LIMITED with Retry-After. */
export function rateLimit(limiter: RateLimiterAbstract, keyOf: (ctx: Context) => string): Middleware {
  return async (ctx, next) => {
    try {
      await limiter.consume(keyOf(ctx));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw retryAfter(rejection);
      throw rejection;
    }
    return next();
  };
}

/**
 * Counts only the requests that fail with `code` (a wrong guess) against `limiter`; once the key
 * has spent its budget, every request answers RATE_LIMITED until the window passes, right or wrong.
 */
export function limitFailures(limiter: RateLimiterAbstract, keyOf: (ctx: Context) => string, code: ErrorCode): Middleware {
  return async (ctx, next) => {
    const key = keyOf(ctx);
    const spent = await limiter.get(key);
    if (spent && spent.consumedPoints >= limiter.points) throw retryAfter(spent);
    try {
      await next();
    } catch (error) {
      if (error instanceof AppError && error.code === code) await limiter.penalty(key, 1);
      throw error;
    }
  };
}
