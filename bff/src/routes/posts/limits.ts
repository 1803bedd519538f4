import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Cluster, Redis } from 'ioredis';
import { LIKES_PER_MINUTE } from '@calorie-bank/shared';
import type { AppConfig } from '@calorie-bank/config';
import { createLimiter } from '../../http/rate-limit.js';

/** Images one user may upload for posts per minute: a full post is nine. */
export const POST_IMAGES_PER_MINUTE = 60;

export interface PostLimiters {
  posts: RateLimiterAbstract;
  comments: RateLimiterAbstract;
  likes: RateLimiterAbstract;
  images: RateLimiterAbstract;
}

/** Per-user budgets for writing posts, comments, likes and images, shared by every process through Redis. */
export function postLimiters(config: AppConfig, redis: Redis | Cluster | null): PostLimiters {
  return {
    posts: createLimiter('post', config.rateLimits.postsPerMinute, redis),
    comments: createLimiter('comment', config.rateLimits.commentsPerMinute, redis),
    likes: createLimiter('post-like', LIKES_PER_MINUTE, redis),
    images: createLimiter('post-image', POST_IMAGES_PER_MINUTE, redis),
  };
}
