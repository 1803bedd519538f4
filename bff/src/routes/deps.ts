import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Guards } from '../http/auth.js';
import type { ServiceContext } from '../services/context.js';
import type { PostLimiters } from './posts/limits.js';

/** What route modules are built from. */
export interface RouteDeps {
  context: ServiceContext;
  /** Installed by `mount` as each contract route's `auth` says; route modules never pick one. */
  guards: Guards;
  limiters: {
    logins: RateLimiterAbstract;
    syncs: RateLimiterAbstract;
    checkinCodes: RateLimiterAbstract;
    staffAccounts: RateLimiterAbstract;
    likes: RateLimiterAbstract;
    /** Writing posts, comments, likes and post images, per user. */
    posts: PostLimiters;
    entryPasses: RateLimiterAbstract;
  };
}
