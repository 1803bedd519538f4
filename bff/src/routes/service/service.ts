import Router from '@koa/router';
import type { Cluster, Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { buildOpenApiDocument } from '@calorie-bank/shared';
import type { Metrics } from '../../metrics.js';

export interface ServiceRouteDeps {
  db: DataSource;
  redis: Redis | Cluster | null;
  metrics: Metrics;
  version: string;
}

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000))]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, ms: Math.round(performance.now() - started) };
  }
}

/** Liveness, readiness, Prometheus metrics and the OpenAPI document. */
export function serviceRoutes({ db, redis, metrics, version }: ServiceRouteDeps): Router {
  const router = new Router();
  const openApi = buildOpenApiDocument({ version });

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  // The database is required; the cache is optional, so without it the BFF is ready but degraded.
  router.get('/readyz', async (ctx) => {
    const database = await probe(() => db.query('SELECT 1'));
    const cache = redis ? await probe(() => redis.ping()) : null;
    ctx.status = database.ok ? 200 : 503;
    ctx.body = {
      status: !database.ok ? 'unavailable' : cache && !cache.ok ? 'degraded' : 'ok',
      database: { ...database, type: db.options.type },
      cache: cache ? { ...cache, type: 'redis' } : { ok: null, type: 'none' },
    };
  });

  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  router.get('/api/docs', (ctx) => {
    ctx.body = openApi;
  });
  return router;
}
