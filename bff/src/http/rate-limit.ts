import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Context, Middleware } from 'koa';
import type { Redis, Cluster } from 'ioredis';
import { rateLimited } from '../errors.js';

/**
 * A fixed budget of requests per key and minute. With Redis the budget is shared by every BFF
 * process; if Redis fails, an in-memory limiter stands in so that limits still hold per process.
 */
export function createLimiter(name: string, pointsPerMinute: number, redis: Redis | Cluster | null): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: `rl:${name}`, points: pointsPerMinute, duration: 60 });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `rl:${name}`,
    points: pointsPerMinute,
    duration: 60,
    insuranceLimiter: memory,
  });
}

/** Spends one point of `limiter` for the key `keyOf(ctx)`; beyond the budget answers RATE_LIMITED with Retry-After. */
export function rateLimit(limiter: RateLimiterAbstract, keyOf: (ctx: Context) => string): Middleware {
  return async (ctx, next) => {
    try {
      await limiter.consume(keyOf(ctx));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      }
      throw rejection;
    }
    return next();
  };
}
