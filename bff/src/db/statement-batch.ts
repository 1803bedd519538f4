import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * Statements of an open MySQL transaction that go to the server together.
 *
 * Every statement a connection sends costs a round trip: a socket write and a wait on this
 * process's CPU and the server's, and the transaction holds its row locks across every wait. A
 * write whose result nobody reads need not be a trip of its own: it waits in the connection's
 * queue and goes in front of the next statement the transaction sends (a read, or its COMMIT) as
 * one multi-statement query. The server runs the same statements in the same order, inside the
 * same transaction; only the client stops waiting between them. A queued write that fails (a
 * duplicate key, a deadlock) fails the statement it went with, and so the transaction, which then
 * rolls back whole: a queued write may never be one whose failure the caller would handle.
 *
 * `START TRANSACTION` is queued the same way, so a transaction's first read carries it.
 * `ROLLBACK` drops the queue: nothing queued needs to run in a transaction being undone.
 *
 * Only connections of a pool opened with `multipleStatements` queue (`bounded-mysql.ts` marks
 * them); on SQLite, outside a transaction and on any other connection, each statement runs at
 * once. Parameters are bound by the driver's own escaping (`connection.format`), as for every
 * other statement the BFF sends.
 */

/** One statement waiting in a connection's queue, with where its result goes if anyone reads it. */
interface Queued {
  text: string;
  settle?: (error: unknown, result?: unknown) => void;
}

/** The part of a mysql2 connection the queue needs. */
interface FormattingConnection {
  format(sql: string, values: unknown[]): string;
}

const queues = new WeakMap<object, Queued[]>();
const batching = new WeakSet<object>();

/** Marks a mysql2 connection whose pool accepts several statements in one query. */
export function allowBatches(connection: object): void {
  batching.add(connection);
}

function queue(connection: object): Queued[] {
  let queued = queues.get(connection);
  if (!queued) {
    queued = [];
    queues.set(connection, queued);
  }
  return queued;
}

/** The connection of `manager`'s transaction when statements may wait in its queue. */
function batchingConnection(manager: EntityManager): (object & FormattingConnection) | null {
  const runner = manager.queryRunner as (QueryRunner & { databaseConnection?: object & FormattingConnection }) | undefined;
  if (!runner?.isTransactionActive || runner.isReleased) return null;
  const connection = runner.databaseConnection;
  return connection && batching.has(connection) ? connection : null;
}

function logged(manager: EntityManager, sql: string, parameters: unknown[]): void {
  manager.connection.logger.logQuery(sql, parameters, manager.queryRunner);
}

/**
 * Sends a write inside the caller's transaction without waiting for it: on a batching connection
 * it goes with the transaction's next statement; elsewhere it runs now. Its result is never read,
 * and its failure fails the whole transaction.
 */
export async function deferWrite(manager: EntityManager, sql: string, parameters: unknown[]): Promise<void> {
  const connection = batchingConnection(manager);
  if (!connection) {
    await manager.query(sql, parameters);
    return;
  }
  logged(manager, sql, parameters);
  queue(connection).push({ text: connection.format(sql, parameters) });
}

/** A read whose rows are turned into `T`: statements that `readTogether` can send in one query. */
export interface Read<T> {
  sql: string;
  parameters: unknown[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as the driver returns them
  parse(rows: any[]): T;
}

/** Runs one read. */
export async function readOne<T>(manager: EntityManager, read: Read<T>): Promise<T> {
  return read.parse(await manager.query(read.sql, read.parameters));
}

/**
 * Runs several reads in order, in one round trip on a batching connection (one after another
 * elsewhere), and returns their parsed results in the same order. For reads that follow one
 * another anyway, as a row lock and what it guards.
 */
export async function readTogether<T extends unknown[]>(manager: EntityManager, ...reads: { [K in keyof T]: Read<T[K]> }): Promise<T> {
  const connection = batchingConnection(manager);
  const results: unknown[] = [];
  if (!connection) {
    for (const read of reads) results.push(await readOne(manager, read));
    return results as T;
  }
  const early = reads.slice(0, -1).map((read) => {
    logged(manager, read.sql, read.parameters);
    return new Promise<unknown>((resolve, reject) => {
      queue(connection).push({
        text: connection.format(read.sql, read.parameters),
        // Settled inside the driver's callback: a parse that throws must reject, never throw there.
        settle: (error, rows) => {
          if (error) return reject(error);
          try {
            resolve(read.parse(rows as unknown[]));
          } catch (parseError) {
            reject(parseError);
          }
        },
      });
    });
  });
  // The last read fails whenever an earlier one does, and its error is the one thrown.
  for (const pending of early) pending.catch(() => undefined);
  const last = await readOne(manager, reads[reads.length - 1]);
  for (const pending of early) results.push(await pending);
  results.push(last);
  return results as T;
}

/** What `takeQueued` hands the driver instead of a statement: the queue and the statement in one query. */
export interface Batched {
  sql: string;
  /** Delivers the batch's result: each queued read gets its own, the caller the last statement's. */
  deliver(error: unknown, results?: unknown, fields?: unknown): [unknown, unknown?, unknown?];
}

const START = 'START TRANSACTION';
const OK = { fieldCount: 0, affectedRows: 0, insertId: 0, info: '', serverStatus: 0, warningStatus: 0, changedRows: 0 };

/** `START TRANSACTION` on a batching connection waits for the transaction's first statement; returns the OK to give its caller. */
export function queueStart(connection: object, sql: string): typeof OK | null {
  if (!batching.has(connection) || sql !== START) return null;
  queue(connection).push({ text: START });
  return OK;
}

/**
 * The statement `sql` (already formatted) with the connection's queue in front of it, or null when
 * nothing waits. The queue is emptied either way; a `ROLLBACK` only empties it.
 */
export function takeQueued(connection: object, sql: string): Batched | null {
  const queued = queues.get(connection);
  if (!queued || queued.length === 0) return null;
  queues.delete(connection);
  if (/^\s*ROLLBACK\b/i.test(sql)) {
    const undone = new Error('The transaction rolled back before this statement ran');
    for (const entry of queued) entry.settle?.(undone);
    return null;
  }
  return {
    sql: [...queued.map((entry) => entry.text), sql].join(';\n'),
    deliver(error, results, fields) {
      const all = results as unknown[] | undefined;
      queued.forEach((entry, index) => entry.settle?.(error, all?.[index]));
      if (error) return [error];
      return [null, all?.[queued.length], (fields as unknown[] | undefined)?.[queued.length]];
    },
  };
}

/** Forgets what waits on a connection that is being thrown away. */
export function dropQueued(connection: object): void {
  const queued = queues.get(connection);
  queues.delete(connection);
  const gone = new Error('The database connection was closed before this statement ran');
  for (const entry of queued ?? []) entry.settle?.(gone);
}
