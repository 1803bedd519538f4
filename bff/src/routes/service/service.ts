import Router from '@koa/router';
import type { Cluster, Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { buildOpenApiDocument } from '@calorie-bank/shared';
import { databaseBounds } from '../../db/data-source.js';
import { mountApiDocs } from '../../http/api-docs.js';
import { pingDatabase } from '../../db/sql.js';
import type { Metrics } from '../../metrics.js';

export interface ServiceRouteDeps {
  db: DataSource;
  redis: Redis | Cluster | null;
  metrics: Metrics;
  version: string;
}

/** Bounds the cache probe like the cache client bounds every command. */
const CACHE_PROBE_MS = 1000;

interface Probe {
  ok: boolean;
  ms: number;
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<Probe> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([check(), expired]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** Probes the database (within DATABASE_TIMEOUT_MS) and the cache, and records what it saw in the metrics. */
async function probeStores({ db, redis, metrics }: ServiceRouteDeps): Promise<{ database: Probe; cache: Probe | null }> {
  const [database, cache] = await Promise.all([
    probe(() => pingDatabase(db.manager), databaseBounds(db).timeoutMs),
    redis ? probe(() => redis.ping(), CACHE_PROBE_MS) : null,
  ]);
  for (const [store, result] of [['database', database], ['cache', cache]] as const) {
    if (!result) continue;
    metrics.storageUp.set({ store }, result.ok ? 1 : 0);
    metrics.storageProbeSeconds.set({ store }, result.ms / 1000);
  }
  return { database, cache };
}

/** Liveness, readiness, Prometheus metrics and the OpenAPI document. */
export function serviceRoutes(deps: ServiceRouteDeps): Router {
  const { db, metrics, version } = deps;
  const router = new Router();
  const openApi = buildOpenApiDocument({ version });

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  // The database is required; the cache is optional, so without it the BFF is ready but degraded.
  router.get('/readyz', async (ctx) => {
    const { database, cache } = await probeStores(deps);
    ctx.status = database.ok ? 200 : 503;
    if (!database.ok) ctx.set('Retry-After', '5');
    ctx.body = {
      status: !database.ok ? 'unavailable' : cache && !cache.ok ? 'degraded' : 'ok',
      database: { ...database, type: db.options.type, timeoutMs: databaseBounds(db).timeoutMs },
      cache: cache ? { ...cache, type: 'redis' } : { ok: null, type: 'none' },
    };
  });

  router.get('/metrics', async (ctx) => {
    await probeStores(deps);
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  mountApiDocs(router, openApi);
  return router;
}
