import { Queue, Worker } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { addDays, businessDate, startOfBusinessDay } from '@calorie-bank/shared';
import type { RedisConfig } from '@calorie-bank/config';
import type { ServiceContext } from '../services/context.js';
import { settleDay } from './settle-day.js';

const QUEUE = 'settlement';
/** Five past midnight in the business time zone: the day before yesterday has just closed. */
const DAY_END_PATTERN = '5 0 * * *';

export interface SettlementScheduler {
  close(): Promise<void>;
}

/**
 * How long `close` waits for bullmq's worker and queue to close. A worker whose blocking client
 * is left reconnecting (Redis down, or back after an outage) never finishes `close()` (bullmq
 * 6.7, taskforcesh/bullmq#4656), and a shutdown must still end: past this, the connections are dropped.
 */
const QUEUE_CLOSE_WAIT_MS = 5_000;

/** Whether `work` settled within `ms` (settled or failed: either way it is no longer waited for). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const, () => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The day that closes at the start of today: yesterday may still be synced all day. */
export function dayToSettle(context: ServiceContext): string {
  return addDays(businessDate(context.now(), context.config.businessTimeZone), -2);
}

async function settleClosedDay(context: ServiceContext): Promise<void> {
  await settleDay(context, dayToSettle(context));
}

/**
 * Runs the day-end settlement on a bullmq job scheduler: every BFF process upserts the same
 * scheduler and runs a worker, and bullmq hands each day's job to one of them. The settlement
 * itself is idempotent too, so a retried job pays nothing twice.
 */
function startQueue(context: ServiceContext, config: Exclude<RedisConfig, { mode: 'none' }>, closeWaitMs: number): SettlementScheduler {
  const connection =
    config.mode === 'cluster'
      ? new Cluster(config.nodes, { redisOptions: { maxRetriesPerRequest: null } })
      : new Redis(config.url, { maxRetriesPerRequest: null });
  connection.on('error', (error: Error) => context.logger.debug({ err: error }, 'settlement queue connection error'));
  // The hash tag keeps every key of the queue in one cluster slot.
  const prefix = `${config.keyPrefix}{settlement}`;
  const queue = new Queue(QUEUE, { connection, prefix });
  const worker = new Worker(QUEUE, () => settleClosedDay(context), { connection, prefix, concurrency: 1 });
  worker.on('failed', (_job, error) => context.logger.error({ err: error }, 'day-end settlement failed; bullmq retries it'));
  // Without a listener bullmq prints every failed reconnect to stderr; the connection's own listener above reports them.
  queue.on('error', () => undefined);
  worker.on('error', () => undefined);
  queue
    .upsertJobScheduler(
      'day-end',
      { pattern: DAY_END_PATTERN, tz: context.config.businessTimeZone },
      { name: 'settle-closed-day', opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 30, removeOnFail: 100 } },
    )
    .catch((error: unknown) => context.logger.error({ err: error }, 'could not schedule the day-end settlement'));
  return {
    async close() {
      const closed = await settlesWithin(
        (async () => {
          await worker.close();
          await queue.close();
        })(),
        closeWaitMs,
      );
      connection.disconnect();
      if (!closed) {
        context.logger.warn({ waitedMs: closeWaitMs }, 'the settlement queue did not close in time; its connections were dropped');
        // The worker's own blocking client is not `connection`; it goes too, as far as bullmq lets it.
        await settlesWithin(worker.disconnect(), 1_000);
      }
    },
  };
}

/** Without Redis (one process on SQLite), a timer settles the closed day at five past midnight. */
function startTimer(context: ServiceContext): SettlementScheduler {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    const now = context.now();
    const next = startOfBusinessDay(new Date(now.getTime() + 86_400_000), context.config.businessTimeZone) + 5 * 60_000;
    timer = setTimeout(() => {
      settleClosedDay(context)
        .catch((error: unknown) => context.logger.error({ err: error }, 'day-end settlement failed; it runs again tomorrow'))
        .finally(schedule);
    }, Math.max(1000, next - now.getTime()));
    timer.unref();
  };
  schedule();
  return {
    async close() {
      clearTimeout(timer);
    },
  };
}

export function startSettlementScheduler(context: ServiceContext, config: RedisConfig, options: { closeWaitMs?: number } = {}): SettlementScheduler {
  return config.mode === 'none' ? startTimer(context) : startQueue(context, config, options.closeWaitMs ?? QUEUE_CLOSE_WAIT_MS);
}
