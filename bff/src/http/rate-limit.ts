import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DefaultState, Middleware, ParameterizedContext } from 'koa';
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

/** Spends one point of `limiter` for `key`; beyond the budget answers RATE_LIMITED with Retry-After. */
async function spend(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}

/** Spends one point of `limiter` for the key `keyOf(ctx)`; beyond the budget answers RATE_LIMITED with Retry-After. */
export function rateLimit<State = DefaultState>(limiter: RateLimiterAbstract, keyOf: (ctx: ParameterizedContext<State>) => string): Middleware<State> {
  return async (ctx, next) => {
    await spend(limiter, keyOf(ctx));
    return next();
  };
}

/**
 * Runs `attempt` counting it against `limiter` for `key` only if it fails with `code` (a wrong
 * guess): a point is spent before it runs and given back unless it failed so, so that however
 * many run at once, no more than the budget can guess. Once the budget is spent by wrong guesses
 * every attempt answers RATE_LIMITED until the window passes, right or wrong; an attempt refused
 * so counts nothing.
 */
export async function limitFailuresOf<T>(limiter: RateLimiterAbstract, key: string, code: ErrorCode, attempt: () => Promise<T>): Promise<T> {
  try {
    await spend(limiter, key);
  } catch (error) {
    // A refused spend still counted its point. The attempt never ran, so it was no guess: a burst
    // of right answers must not leave the key locked out once the budget's holders succeed.
    if (error instanceof AppError && error.code === 'RATE_LIMITED') await limiter.reward(key, 1);
    throw error;
  }
  let guessedWrong = false;
  try {
    return await attempt();
  } catch (error) {
    guessedWrong = error instanceof AppError && error.code === code;
    throw error;
  } finally {
    if (!guessedWrong) await limiter.reward(key, 1);
  }
}

/** `limitFailuresOf` as middleware, for the key `keyOf(ctx)`. */
export function limitFailures<State = DefaultState>(
  limiter: RateLimiterAbstract,
  keyOf: (ctx: ParameterizedContext<State>) => string,
  code: ErrorCode,
): Middleware<State> {
  return (ctx, next) => limitFailuresOf(limiter, keyOf(ctx), code, next);
}
