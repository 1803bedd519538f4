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

/**
 * Sends what waits in the queue of `manager`'s transaction now, so that its next statement goes
 * alone: for a read whose result other requests share, which must not fail for this one's writes.
 */
export async function sendQueued(manager: EntityManager): Promise<void> {
  const connection = batchingConnection(manager);
  if (connection && queues.get(connection)?.some((entry) => entry.text !== START)) await manager.query('SELECT 1');
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
  if (!connection || reads.length < 2) {
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

const START = 'START TRANSACTION';
/** A statement that ends the transaction undoing it. */
export const ROLLBACK = /^\s*ROLLBACK\b/i;
const OK = { fieldCount: 0, affectedRows: 0, insertId: 0, info: '', serverStatus: 0, warningStatus: 0, changedRows: 0 };
/**
 * Connections whose last batch carried queued writes and failed. MySQL stops a multi-statement
 * query at its first failure, so some of those writes may not have run: until the transaction
 * rolls back, every statement on the connection fails with that error, and a caller that caught
 * its own statement's error can never commit the transaction without them.
 */
const failedBatches = new WeakMap<object, unknown>();

type Callback = (error: unknown, ...results: unknown[]) => void;

/**
 * The arguments to hand the driver for one `query(sql, [values,] callback)` call on a batching
 * connection: as given when nothing waits, or the queue and this statement as one query whose
 * callback gets this statement's own result; null when the call was answered here (a queued
 * START TRANSACTION, or a connection whose failed batch awaits its ROLLBACK).
 */
export function throughQueue(connection: object & FormattingConnection, args: unknown[]): unknown[] | null {
  const callback = args[args.length - 1] as Callback;
  const payload = args[0] as string | { sql: string };
  const sql = typeof payload === 'string' ? payload : payload.sql;
  if (failedBatches.has(connection)) {
    if (!ROLLBACK.test(sql)) {
      process.nextTick(callback, failedBatches.get(connection));
      return null;
    }
    failedBatches.delete(connection);
  }
  if (sql === START) {
    queue(connection).push({ text: START });
    process.nextTick(callback, null, OK, undefined);
    return null;
  }
  const queued = queues.get(connection);
  if (!queued || queued.length === 0) return args;
  queues.delete(connection);
  if (ROLLBACK.test(sql)) {
    settleAll(queued, new Error('The transaction rolled back before this statement ran'));
    return args;
  }
  const text = args.length === 3 ? connection.format(sql, args[1] as unknown[]) : sql;
  const batch = [...queued.map((entry) => entry.text), text].join(';\n');
  const carriesWrites = queued.some((entry) => !entry.settle && entry.text !== START);
  const answer: Callback = (error, results, fields) => {
    const all = results as unknown[] | undefined;
    queued.forEach((entry, index) => entry.settle?.(error, all?.[index]));
    if (error) {
      if (carriesWrites) failedBatches.set(connection, error);
      return callback(error);
    }
    callback(null, all?.[queued.length], (fields as unknown[] | undefined)?.[queued.length]);
  };
  return [typeof payload === 'string' ? batch : { ...payload, sql: batch }, answer];
}

/** A statement sent without a callback (a stream) must not overtake queued writes. */
export function assertNothingQueued(connection: object): void {
  if ((queues.get(connection)?.length ?? 0) > 0) throw new Error('A streamed statement would overtake the writes queued before it');
}

function settleAll(queued: Queued[], error: Error): void {
  for (const entry of queued) entry.settle?.(error);
}

/**
 * Forgets what waits on a connection that goes back to the pool or is thrown away. A transaction
 * always ends with COMMIT or ROLLBACK, which empty the queue; a write queued after that (one not
 * awaited) is dropped here, never sent ahead of the next request's statements.
 */
export function dropQueued(connection: object): void {
  const queued = queues.get(connection);
  queues.delete(connection);
  failedBatches.delete(connection);
  if (queued) settleAll(queued, new Error('The database connection was released before this statement ran'));
}
