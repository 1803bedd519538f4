import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, openDatabase } from '@calorie-bank/bff';
import { staleBoards } from '../../bff/src/db/stale-boards.js';
import { withBoardScripts, type BoardScripts } from '../../bff/src/leaderboard/board-scripts.js';
import { StaleMarks } from '../../bff/src/leaderboard/stale-marks.js';
import { deleteKeys } from '../support/harness.js';
import { availableServices, createMysqlDatabase, REDIS_URL } from '../support/services.js';

const { mysql, redis: redisUp } = await availableServices();
const logger = createLogger('silent');

/** A Redis whose drops can be held at the gate, so a mark can come while a drop is under way. */
class HeldRedis {
  readonly client: Redis & BoardScripts;
  /** The keys each finished drop removed, in order. */
  readonly drops: string[] = [];
  /** How many drops were tried, finished or not. */
  attempts = 0;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  private reached: (() => void) | null = null;

  constructor(prefix: string) {
    this.client = withBoardScripts(new Redis(REDIS_URL, { keyPrefix: prefix })) as Redis & BoardScripts;
    const drop = this.client.boardDrop.bind(this.client);
    this.client.boardDrop = async (key, version, epoch, ttl) => {
      this.attempts += 1;
      const gate = this.gate;
      this.gate = null;
      this.reached?.();
      if (gate) await gate;
      const answer = await drop(key, version, epoch, ttl);
      this.drops.push(key);
      return answer;
    };
  }

  /** Holds the next drop; answers a promise that settles once it is reached, and the release. */
  holdNextDrop(): { reached: Promise<void>; release: () => void } {
    this.gate = new Promise((resolve) => (this.open = resolve));
    const reached = new Promise<void>((resolve) => (this.reached = resolve));
    return { reached, release: () => this.open?.() };
  }

  async ready(): Promise<void> {
    if (this.client.status !== 'ready') await new Promise((resolve) => this.client.once('ready', resolve));
  }
}

const backends: [string, boolean, () => Promise<{ db: DataSource; drop(): Promise<void> }>][] = [
  ['sqlite', true, async () => ({ db: await openDatabase({ type: 'better-sqlite3', database: ':memory:' }), drop: async () => undefined })],
  [
    'mysql',
    mysql,
    async () => {
      const created = await createMysqlDatabase();
      return { db: await openDatabase({ type: 'mysql', url: created.url }), drop: created.drop };
    },
  ],
];

describe.skipIf(!redisUp).each(backends)('a board marked stale again while its drop runs (%s)', (_name, available, open) => {
  const prefix = `cbtest:${process.pid}:stale-race:${_name}:`;
  let database: { db: DataSource; drop(): Promise<void> } | undefined;
  const redises: HeldRedis[] = [];
  const connect = async () => {
    const redis = new HeldRedis(prefix);
    redises.push(redis);
    await redis.ready();
    return redis;
  };
  const rows = async () => (await staleBoards(database!.db)).map((row) => row.cacheKey);

  beforeAll(async () => {
    if (available) database = await open();
  });
  afterEach(async () => {
    for (const redis of redises.splice(0)) redis.client.disconnect();
    await database?.db.query('DELETE FROM stale_boards');
  });
  afterAll(async () => {
    await database?.db.destroy();
    await database?.drop();
    await deleteKeys(prefix);
  });

  it.skipIf(!available)('keeps a mark made in the same process, and drops the key again', async () => {
    const redis = await connect();
    const marks = new StaleMarks(database!.db, redis.client, logger);
    await marks.settle();
    await marks.mark('board:a', 'version:a');
    const held = redis.holdNextDrop();
    const settling = marks.settle();
    await held.reached;
    // Another write to the board fails while its drop waits: that write is not in the drop.
    await marks.mark('board:a', 'version:a');
    held.release();
    await settling;
    expect(redis.drops).toEqual(['board:a', 'board:a']);
    expect(await rows()).toEqual([]);
  });

  it.skipIf(!available)('keeps a mark another process made, for the next process to start', async () => {
    const marker = await connect();
    const dropper = await connect();
    const first = new StaleMarks(database!.db, marker.client, logger);
    await first.settle();
    const third = new StaleMarks(database!.db, (await connect()).client, logger);
    await third.settle();
    await first.mark('board:b', 'version:b');

    // Another process starts, finds the mark, and its drop waits.
    const held = dropper.holdNextDrop();
    const second = new StaleMarks(database!.db, dropper.client, logger);
    const settling = second.settle();
    await held.reached;
    // A third process marks the same board (its write failed after the drop began), then dies.
    await third.mark('board:b', 'version:b');
    held.release();
    await settling;
    expect(dropper.drops).toEqual(['board:b']);
    expect(await rows()).toEqual(['board:b']);

    // The next process to start drops the board again.
    const next = await connect();
    const restarted = new StaleMarks(database!.db, next.client, logger);
    await restarted.settle();
    expect(next.drops).toEqual(['board:b']);
    expect(await rows()).toEqual([]);
  });

  it.skipIf(!available)('while Redis is away, writes a repeated mark once and tries no drop until Redis is ready', async () => {
    const redis = await connect();
    const marks = new StaleMarks(database!.db, redis.client, logger);
    await marks.settle();
    const ended = new Promise((resolve) => redis.client.once('end', resolve));
    redis.client.disconnect();
    await ended;
    await marks.mark('board:c', 'version:c');
    const [written] = await staleBoards(database!.db);
    await marks.mark('board:c', 'version:c');
    await expect(marks.settle()).rejects.toThrow();
    // Unchanged: a mark written again would have moved marked_at forward.
    expect(await staleBoards(database!.db)).toEqual([written]);
    expect(redis.attempts).toBe(0);

    await redis.client.connect();
    await marks.dropAllLogged();
    expect(redis.drops).toEqual(['board:c']);
    expect(await rows()).toEqual([]);
    await marks.settle();
  });
});
