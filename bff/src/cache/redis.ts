import { Cluster, Redis } from 'ioredis';
import type { RedisConfig } from '@calorie-bank/config';

/**
 * Connects to Redis or a Redis Cluster, or answers null when no cache is configured. Commands
 * fail fast while disconnected (no offline queue, short timeout) so that callers fall back to
 * the database instead of waiting; the client keeps reconnecting in the background.
 */
export function connectRedis(config: RedisConfig): Redis | Cluster | null {
  if (config.mode === 'none') return null;
  const common = {
    keyPrefix: config.keyPrefix,
    // Commands issued in the same tick (many requests' board reads, rate-limit checks) share one
    // socket write: under load that saves a system call per command on both sides.
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    // A command whose caller was already told it timed out must not run after a reconnect (an INCR twice).
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  };
  if (config.mode === 'cluster') {
    return new Cluster(config.nodes, {
      keyPrefix: config.keyPrefix,
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: common.retryStrategy,
      redisOptions: { maxRetriesPerRequest: 1, commandTimeout: 1000 },
    });
  }
  return failFastOnceSilent(new Redis(config.url, common));
}

/**
 * A Redis that stopped answering without closing its connection (paused, or its machine gone)
 * makes every command wait the whole `commandTimeout`, and a request sends several: a sync or a
 * sign-in would take seconds to fall back. The first command that times out drops the connection
 * instead; until the client has reconnected and Redis answers its ready check again, commands fail
 * at once (no offline queue) and callers fall back without waiting.
 */
function failFastOnceSilent(redis: Redis): Redis {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command, stream) => {
    const sent = send(command, stream);
    command.promise.catch((error: unknown) => {
      if ((error as Error | null)?.message === 'Command timed out' && redis.status === 'ready') redis.disconnect(true);
    });
    return sent;
  }) as Redis['sendCommand'];
  return redis;
}

/** Waits until the client is ready, or gives up after `timeoutMs` (the BFF then runs without the cache until it connects). */
export async function waitForRedis(redis: Redis | Cluster, timeoutMs = 3000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', onReady);
  });
}
