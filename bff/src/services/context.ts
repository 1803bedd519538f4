import type { CacheInvalidation } from '../cache/invalidation.js';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '@calorie-bank/config';
import type { SessionTokens } from '../auth/tokens.js';
import type { FeedPages } from '../feed/feed-pages.js';
import type { DailyLeaderboard } from '../leaderboard/daily-leaderboard.js';
import type { ImageStore } from '../media/image-store.js';
import type { Metrics } from '../metrics.js';
import type { PlatformAdapter } from '../platform/types.js';

/** What the use cases work with; built once at start and passed in, never read from a request. */
export interface ServiceContext {
  config: AppConfig;
  db: DataSource;
  platform: PlatformAdapter;
  leaderboard: DailyLeaderboard;
  /** The shared first pages of community feeds. */
  feedPages: FeedPages;
  tokens: SessionTokens;
  metrics: Metrics;
  /** Where uploaded images are stored. */
  media: ImageStore;
  logger: Logger;
  /** The current time; tests move it. */
  now: () => Date;
  /** With Redis: drops in-memory cache entries in every BFF process, not only this one. */
  invalidation?: CacheInvalidation;
}
