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
function startQueue(context: ServiceContext, config: Exclude<RedisConfig, { mode: 'none' }>): SettlementScheduler {
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
      await worker.close();
      await queue.close();
      connection.disconnect();
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

export function startSettlementScheduler(context: ServiceContext, config: RedisConfig): SettlementScheduler {
  return config.mode === 'none' ? startTimer(context) : startQueue(context, config);
}
