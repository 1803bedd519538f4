import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The BFF's Prometheus metrics, on a registry of its own so that several apps can share a process in tests. */
export class Metrics {
  readonly registry = new Registry();

  readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly stepSyncs = new Counter({
    name: 'step_syncs_total',
    help: 'Step syncs by outcome and, for rejections, the error code',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });

  readonly coinsCredited = new Counter({
    name: 'coins_credited_total',
    help: 'Coins credited to wallets, by transaction kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly replayFlags = new Counter({
    name: 'step_sync_replay_flags_total',
    help: 'Accepted syncs flagged because one payload served too many users',
    registers: [this.registry],
  });

  readonly leaderboardReads = new Counter({
    name: 'leaderboard_reads_total',
    help: 'Leaderboard reads by where they were served from',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly leaderboardBuilds = new Counter({
    name: 'leaderboard_builds_total',
    help: 'Leaderboard caches built from the database',
    registers: [this.registry],
  });

  readonly cacheErrors = new Counter({
    name: 'cache_errors_total',
    help: 'Redis operations that failed and fell back to the database',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  readonly storageUnavailable = new Counter({
    name: 'storage_unavailable_responses_total',
    help: 'Requests answered SERVICE_UNAVAILABLE because a store was down, too slow or too contended, by store',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  readonly storageUp = new Gauge({
    name: 'storage_up',
    help: 'Whether a store answered its last probe within the database timeout (1) or not (0), by store',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  readonly storageProbeSeconds = new Gauge({
    name: 'storage_probe_duration_seconds',
    help: 'How long the last probe of a store took, by store',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
