import cors from '@koa/cors';
import Router from '@koa/router';
import Koa from 'koa';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { API_ROUTES, LIKES_PER_MINUTE } from '@calorie-bank/shared';
import { authGuards } from './http/auth.js';
import { merchantRoutes } from './routes/merchant/merchant.js';
import { offerRoutes } from './routes/offers/offers.js';
import { opsRoutes } from './routes/ops/ops.js';
import { campaignRoutes } from './routes/campaigns/campaigns.js';
import { communityRoutes } from './routes/communities/communities.js';
import { configRoutes } from './routes/config/config.js';
import { staffRoutes } from './routes/staff/staff.js';
import { bodyParser } from './http/body.js';
import { errorHandler } from './http/error-handler.js';
import { requestMetrics } from './http/metrics.js';
import { createLimiter } from './http/rate-limit.js';
import { requestContext } from './http/request-context.js';
import { rememberRouteMatches } from './http/route-matches.js';
import { sandboxRoutes } from './platform/sandbox/routes.js';
import type { SandboxPlatform } from './platform/sandbox/sandbox-platform.js';
import { authRoutes } from './routes/auth/auth.js';
import type { RouteDeps } from './routes/deps.js';
import { leaderboardRoutes } from './routes/leaderboards/leaderboards.js';
import { meRoutes } from './routes/me/me.js';
import { serviceRoutes } from './routes/service/service.js';
import { stepsRoutes } from './routes/steps/steps.js';
import { walletRoutes } from './routes/wallet/wallet.js';
import { venueRoutes } from './routes/venues/venues.js';
import { postLimiters } from './routes/posts/limits.js';
import { moderationRoutes } from './routes/posts/moderation.js';
import { postRoutes } from './routes/posts/posts.js';
import { contentRoutes } from './routes/content/content.js';
import type { ServiceContext } from './services/context.js';
import { CHECKIN_CODE_GUESSES, CHECKIN_CODE_WINDOW_SECONDS } from './services/events.js';
import { STAFF_ACCOUNT_FAILURES, STAFF_ACCOUNT_WINDOW_SECONDS } from './services/staff.js';
import { methodNotAllowed } from './routes/method-not-allowed.js';
import { staticFiles } from './http/static-files.js';
import { mediaFiles } from './http/media-files.js';
import { compression } from './http/compression.js';

export interface AppDeps {
  context: ServiceContext;
  redis: Redis | Cluster | null;
  logger: Logger;
  /** Mounted under /sandbox when the sandbox platform is on. */
  sandbox?: SandboxPlatform;
  /** A built H5 mini-program to serve at `/`. */
  h5Dist?: string;
  version?: string;
}

/** Builds the Koa application from its dependencies; starting and stopping it is the caller's job. */
export function createApp(deps: AppDeps): Koa {
  const { context, redis, logger } = deps;
  // Behind N trusted proxies the client is the N-th address from the right of X-Forwarded-For
  // (what the nearest proxy saw); anything further left was written by the client. With none,
  // the header is ignored.
  const trustProxy = context.config.trustProxy;
  const app = new Koa({ proxy: trustProxy > 0, maxIpsCount: trustProxy });
  // Errors are answered by errorHandler; Koa's own handler only sees what escaped it (nothing should).
  app.silent = true;

  const routeDeps: RouteDeps = {
    context,
    guards: authGuards(context.tokens),
    limiters: {
      logins: createLimiter('login', context.config.rateLimits.loginsPerMinute, redis),
      syncs: createLimiter('sync', context.config.rateLimits.syncsPerMinute, redis),
      checkinCodes: createLimiter('checkin-code', CHECKIN_CODE_GUESSES, redis, CHECKIN_CODE_WINDOW_SECONDS),
      staffAccounts: createLimiter('staff-account', STAFF_ACCOUNT_FAILURES, redis, STAFF_ACCOUNT_WINDOW_SECONDS),
      likes: createLimiter('like', LIKES_PER_MINUTE, redis),
      posts: postLimiters(context.config, redis),
      entryPasses: createLimiter('entry-pass', context.config.rateLimits.passesPerMinute, redis),
    },
  };

  const api = new Router({ prefix: '/api/v1' });
  for (const routes of [configRoutes, authRoutes, meRoutes, stepsRoutes, walletRoutes, leaderboardRoutes, offerRoutes, campaignRoutes, communityRoutes, staffRoutes, merchantRoutes, opsRoutes, venueRoutes, postRoutes, moderationRoutes, contentRoutes]) {
    api.use(routes(routeDeps).routes());
  }
  rememberRouteMatches(api);
  const service = serviceRoutes({ db: context.db, redis, metrics: context.metrics, version: deps.version ?? '1.0.0' });

  const origins = context.config.corsOrigins;
  app.use(requestContext(logger));
  app.use(
    cors({
      origin: (ctx) => (origins === '*' ? '*' : origins.includes(ctx.get('origin')) ? ctx.get('origin') : ''),
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposeHeaders: ['Allow', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    }),
  );
  app.use(requestMetrics(context.metrics));
  app.use(errorHandler(logger, context.metrics));
  app.use(compression());
  app.use(bodyParser({ formPaths: ['/sandbox/alipay/gateway.do'], ownBodyPaths: [`/api/v1${API_ROUTES.uploadImage.path}`, `/api/v1${API_ROUTES.uploadAvatar.path}`, `/api/v1${API_ROUTES.uploadPostImage.path}`, `/api/v1${API_ROUTES.opsUploadImage.path}`] }));
  app.use(mediaFiles(context.media));
  app.use(service.routes());
  app.use(methodNotAllowed());
  app.use(api.routes());
  app.use(api.allowedMethods());
  if (deps.sandbox) app.use(sandboxRoutes(deps.sandbox).routes());
  if (deps.h5Dist) app.use(staticFiles(deps.h5Dist));
  return app;
}
