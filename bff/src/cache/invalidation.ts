import { Cluster, type Redis } from 'ioredis';
import type { Logger } from 'pino';

type Handler = (key: string) => void;

/**
 * Tells every BFF process to drop an entry of its in-memory caches, over one Redis pub/sub
 * channel (named with the key prefix, which ioredis does not put on channels). A process that
 * was cut off from Redis may have missed messages: when its subscription comes back it clears
 * every cache that listens, so no entry outlives a missed message by more than the outage. Each
 * cache keeps its own short TTL as the bound when Redis is down altogether.
 */
export class CacheInvalidation {
  private readonly handlers = new Map<string, { drop: Handler; clear: () => void }>();
  private readonly subscriber: Redis | Cluster;
  private readonly channel: string;
  private subscribedBefore = false;

  constructor(
    private readonly redis: Redis | Cluster,
    keyPrefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = `${keyPrefix}invalidate`;
    // Its own connection: a subscribed connection may issue no other command. The 'ready' handler
    // below subscribes after every (re)connect; ioredis's own resubscription would run beside it
    // and, when the socket drops again at once, reject with no one to catch it (the connection
    // has no offline queue).
    this.subscriber = redis instanceof Cluster ? redis.duplicate() : redis.duplicate({ autoResubscribe: false });
    this.subscriber.on('error', (error: Error) => logger.debug({ err: error }, 'cache invalidation subscriber error'));
    this.subscriber.on('ready', () => {
      this.subscriber
        .subscribe(this.channel)
        .then(() => {
          if (this.subscribedBefore) this.clearAll();
          this.subscribedBefore = true;
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not subscribe to cache invalidations'));
    });
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const separator = message.indexOf(':');
      const handler = this.handlers.get(message.slice(0, separator));
      handler?.drop(message.slice(separator + 1));
    });
  }

  /** Registers the cache `topic`: `drop` forgets one key, `clear` everything. */
  on(topic: string, drop: Handler, clear: () => void): void {
    if (topic.includes(':')) throw new Error('a cache topic has no colon');
    this.handlers.set(topic, { drop, clear });
  }

  /** Drops `key` of `topic` here at once, and in every other process as soon as the message arrives. */
  async publish(topic: string, key: string): Promise<void> {
    this.handlers.get(topic)?.drop(key);
    try {
      await this.redis.publish(this.channel, `${topic}:${key}`);
    } catch (error) {
      // Other processes then hold the entry until its TTL ends.
      this.logger.warn({ err: error, topic }, 'could not publish a cache invalidation');
    }
  }

  private clearAll(): void {
    for (const handler of this.handlers.values()) handler.clear();
    this.logger.info('cleared in-memory caches after the invalidation channel reconnected');
  }

  close(): void {
    this.subscriber.disconnect();
  }
}
