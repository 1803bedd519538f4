import mysql2 from 'mysql2';
import type { Pool, PoolConnection, PoolOptions } from 'mysql2';
import { StorageTimeoutError } from './faults.js';
import { allowBatches, assertNothingQueued, dropQueued, ROLLBACK, throughQueue } from './statement-batch.js';

/** How long one wait on the database may last; `enabled` is off while migrations run their long DDL. */
export interface DatabaseBounds {
  timeoutMs: number;
  enabled: boolean;
}

type Callback = (error: unknown, ...results: unknown[]) => void;
type QueryFn = (...args: unknown[]) => unknown;

/** The server normally cancels a slow statement itself; the client's timer is the backstop for a server that stopped answering. */
const CLIENT_GRACE_MS = 250;
const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

/**
 * Throws the connection away: out of the pool at once and its socket closed, so a statement
 * stuck on a paused server can never be handed to the next request. The server rolls back the
 * open transaction when it notices the connection is gone.
 */
function abandon(connection: PoolConnection): void {
  dropQueued(connection);
  connection.destroy();
  (connection as unknown as { stream?: { destroy?(): void } }).stream?.destroy?.();
}

/**
 * Asks the server to cancel its own waits and statements past the bound (MariaDB's
 * max_statement_time in seconds, MySQL's max_execution_time in ms for reads), so that a lock or a
 * slow query ends with an error on a connection that stays usable.
 */
function limitSession(connection: PoolConnection, query: QueryFn, bounds: DatabaseBounds, flavour: { mysql: boolean }): void {
  const lockSeconds = Math.max(1, Math.ceil(bounds.timeoutMs / 1000));
  const statementLimit = flavour.mysql
    ? `max_execution_time = ${Math.ceil(bounds.timeoutMs)}`
    : `max_statement_time = ${(bounds.timeoutMs / 1000).toFixed(3)}`;
  query(`SET SESSION innodb_lock_wait_timeout = ${lockSeconds}, ${statementLimit}`, [], (error: unknown) => {
    if ((error as { errno?: number } | null)?.errno === ER_UNKNOWN_SYSTEM_VARIABLE && !flavour.mysql) {
      flavour.mysql = true;
      limitSession(connection, query, bounds, flavour);
    }
  });
}

/** When the work holding a connection must be done by (a transaction's deadline), if it has one. */
const deadlines = new WeakMap<object, number>();

/**
 * Gives the statements sent on `connection` from now on a shared deadline (null: none): each then
 * waits at most what is left of it, not a whole bound of its own, so that a transaction whose first
 * statement waited out most of the bound for a lock cannot wait as long again for the next one.
 * ROLLBACK always gets the whole bound, so that a transaction past its deadline still ends; so does
 * a COMMIT sent before the deadline, which must not be given up on while it may still succeed.
 */
export function setConnectionDeadline(connection: object, at: number | null): void {
  if (at === null) deadlines.delete(connection);
  else deadlines.set(connection, at);
}

const COMMIT = /^\s*COMMIT\b/i;

/**
 * How long the statement `sql` (as the caller gave it, before any queued writes went in front of
 * it) may wait on `connection`: the bound, or less when the connection's deadline is nearer; 0 when
 * it is past and the statement must not be sent.
 */
function waitFor(connection: object, sql: unknown, timeoutMs: number): number {
  const at = deadlines.get(connection);
  if (at === undefined) return timeoutMs;
  const text = typeof sql === 'string' ? sql : (sql as { sql?: string } | null)?.sql ?? '';
  if (ROLLBACK.test(text)) return timeoutMs;
  const left = Math.max(0, Math.min(timeoutMs, at - Date.now()));
  return COMMIT.test(text) && left > 0 ? timeoutMs : left;
}

/** Wraps the connection's statements in a timer that abandons the connection when the server does not answer in time. */
function boundConnection(connection: PoolConnection, bounds: DatabaseBounds, flavour: { mysql: boolean }): void {
  const query = connection.query.bind(connection) as QueryFn;
  limitSession(connection, query, bounds, flavour);
  const batches = (connection as unknown as { config?: { multipleStatements?: boolean } }).config?.multipleStatements === true;
  if (batches) {
    allowBatches(connection);
    const release = connection.release.bind(connection);
    connection.release = () => {
      dropQueued(connection);
      release();
    };
  }
  const bounded: QueryFn = (...given) => {
    if (typeof given[given.length - 1] !== 'function') {
      if (batches) assertNothingQueued(connection);
      return query(...given);
    }
    const waitMs = waitFor(connection, given[0], bounds.timeoutMs);
    const args = batches ? throughQueue(connection, given) : given;
    if (!args) return undefined;
    const callback = args[args.length - 1] as Callback;
    if (waitMs === 0) {
      // Past the deadline nothing more is sent: the caller's transaction rolls back instead.
      process.nextTick(callback, new StorageTimeoutError('database', 'A database statement', bounds.timeoutMs));
      return undefined;
    }
    let pending = true;
    const timer = setTimeout(() => {
      pending = false;
      abandon(connection);
      callback(new StorageTimeoutError('database', 'A database statement', bounds.timeoutMs));
      // The grace lets the server cancel its own wait first (a lock wait answers 1205 on a connection
      // that stays usable); only a wait cut short by the deadline ends with the connection.
    }, waitMs + CLIENT_GRACE_MS);
    args[args.length - 1] = (...results: unknown[]) => {
      clearTimeout(timer);
      if (!pending) return;
      pending = false;
      (callback as (...values: unknown[]) => void)(...results);
    };
    return query(...args);
  };
  connection.query = bounded as PoolConnection['query'];
  // TypeORM asks for mysql2's promise wrapper before every statement, and mysql2 makes a new one
  // each time (a require() and an EventEmitter with two listeners): 2.5% of a sync's CPU. The
  // wrapper only forwards to this connection, so one per connection serves every statement.
  const promise = connection.promise.bind(connection);
  let wrapper: ReturnType<PoolConnection['promise']> | undefined;
  connection.promise = ((promiseImpl?: PromiseConstructor) => (promiseImpl ? promise(promiseImpl) : (wrapper ??= promise()))) as PoolConnection['promise'];
}

/**
 * mysql2 pools have no acquire timeout: a request would wait in the pool's queue for as long as
 * every connection is stuck. This bounds the wait, hands a connection that arrives too late back
 * to the pool, and bounds each statement of every connection it hands out.
 */
function boundPool(pool: Pool, bounds: DatabaseBounds): Pool {
  const flavour = { mysql: false };
  const prepared = new WeakSet<PoolConnection>();
  const getConnection = pool.getConnection.bind(pool) as (callback: Callback) => void;
  const bounded = (callback: Callback) => {
    if (!bounds.enabled) return getConnection(callback);
    let waiting = true;
    const timer = setTimeout(() => {
      waiting = false;
      callback(new StorageTimeoutError('database', 'Acquiring a database connection', bounds.timeoutMs));
    }, bounds.timeoutMs);
    getConnection((error, connection) => {
      clearTimeout(timer);
      const acquired = connection as PoolConnection | undefined;
      if (!waiting) return acquired?.release();
      waiting = false;
      if (error || !acquired) return callback(error);
      if (!prepared.has(acquired)) {
        prepared.add(acquired);
        boundConnection(acquired, bounds, flavour);
      }
      callback(null, acquired);
    });
  };
  pool.getConnection = bounded as Pool['getConnection'];
  return pool;
}

/** mysql2 as TypeORM's `driver`, with every pool it creates bounded by `bounds`. */
export function boundedMysql2(bounds: DatabaseBounds): typeof mysql2 {
  return { ...mysql2, createPool: (options: PoolOptions) => boundPool(mysql2.createPool(options), bounds) } as typeof mysql2;
}
