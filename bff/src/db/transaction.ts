import { Mutex, withTimeout, type MutexInterface } from 'async-mutex';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { setConnectionDeadline } from './bounded-mysql.js';
import { databaseBounds } from './data-source.js';
import { RestartTransaction, StorageTimeoutError } from './faults.js';

/** MySQL errors after which the whole transaction may simply run again. */
const RETRYABLE_MYSQL_ERRORS = new Set([
  1213, // ER_LOCK_DEADLOCK: InnoDB chose this transaction as the victim.
  1205, // ER_LOCK_WAIT_TIMEOUT
  1020, // ER_CHECKREAD: a row changed since this snapshot read it (MariaDB with innodb_snapshot_isolation)
]);
const MAX_ATTEMPTS = 5;

const sqliteWriters = new WeakMap<DataSource, MutexInterface>();

function errno(error: unknown): number | undefined {
  const candidate = error as { errno?: unknown; driverError?: { errno?: unknown } };
  const value = candidate?.driverError?.errno ?? candidate?.errno;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Runs `work` in one database transaction and returns its result.
 *
 * On MySQL each call gets its own pooled connection at the server's isolation level (InnoDB:
 * REPEATABLE READ, whose snapshot starts at the first plain read, so work that takes its row
 * locks first reads current data), and a deadlock victim is retried from the start, so `work`
 * must do nothing outside the database before it returns. Work whose plain reads must see rows
 * committed while it waited for a lock asks for READ COMMITTED.
 * SQLite has a single connection in TypeORM, where overlapping transactions would nest as
 * savepoints of one another; there the transactions queue behind one writer lock instead.
 * Waiting for that lock, and retrying on MySQL, both end at the database timeout: past it the
 * caller gets an error that answers SERVICE_UNAVAILABLE. On MySQL the whole transaction, its
 * attempts and every statement of each, shares that one bound, so that waits for one lock after
 * another cannot add up to a multiple of it; `longRunning` work (a job writing many rows) bounds
 * each statement alone.
 * The isolation level is set on the connection's session only when it differs from what that
 * connection last ran at (see `inSession`), not before every transaction.
 */
export async function runInTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: { isolation?: 'READ COMMITTED'; longRunning?: boolean } = {},
): Promise<T> {
  const { timeoutMs } = databaseBounds(dataSource);
  if (dataSource.options.type !== 'mysql') {
    let writer = sqliteWriters.get(dataSource);
    if (!writer) {
      writer = withTimeout(new Mutex(), timeoutMs, new StorageTimeoutError('database', 'Waiting for the SQLite writer', timeoutMs));
      sqliteWriters.set(dataSource, writer);
    }
    return writer.runExclusive(() => dataSource.transaction(work));
  }
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inSession(dataSource, options.isolation ?? null, work, options.longRunning ? null : deadline);
    } catch (error) {
      const code = errno(error);
      const retryable = error instanceof RestartTransaction || (code !== undefined && RETRYABLE_MYSQL_ERRORS.has(code));
      // A retry needs time to run: one begun in the last tenth of the bound would only time out.
      if (attempt >= MAX_ATTEMPTS || !retryable || Date.now() >= deadline - timeoutMs / 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

type Isolation = 'READ COMMITTED' | null;

const LEVELS = new Set(['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE']);
/** What each pooled MySQL connection's session was last set to (null: the server's default). */
const sessionIsolation = new WeakMap<object, Isolation>();
/** The server's default isolation level, read once per data source, as `SET ... ISOLATION LEVEL` takes it. */
const serverDefaults = new WeakMap<DataSource, Promise<string>>();

/**
 * The server's default level, read once per data source on a connection the caller holds (never
 * another one of the pool, which may be all taken): `@@GLOBAL.transaction_isolation` (MySQL 8,
 * TiDB, OceanBase, MariaDB 11.1+), else `tx_isolation` (older MariaDB).
 */
function serverDefault(dataSource: DataSource, runner: QueryRunner): Promise<string> {
  let level = serverDefaults.get(dataSource);
  if (!level) {
    const read = (variable: string) => runner.query(`SELECT @@GLOBAL.${variable} AS level`) as Promise<{ level: string }[]>;
    level = read('transaction_isolation')
      .catch(() => read('tx_isolation'))
      .then((rows) => {
        const named = String(rows[0].level).replace('-', ' ').toUpperCase();
        return LEVELS.has(named) ? named : 'REPEATABLE READ';
      });
    level.catch(() => serverDefaults.delete(dataSource));
    serverDefaults.set(dataSource, level);
  }
  return level;
}

/**
 * One MySQL transaction at `isolation` (null: the server's default). TypeORM would send `SET
 * TRANSACTION ISOLATION LEVEL` before every such transaction, a round trip each; instead the
 * level is set for the connection's session when it is not what that connection last ran at, so
 * a connection that keeps serving one kind of transaction (syncs, at READ COMMITTED) sets it once.
 */
async function inSession<T>(dataSource: DataSource, isolation: Isolation, work: (manager: EntityManager) => Promise<T>, deadline: number | null): Promise<T> {
  const runner = dataSource.createQueryRunner();
  let connection: object | undefined;
  try {
    connection = (await runner.connect()) as object;
    // Every statement of the transaction waits only for what is left of the one bound.
    if (deadline !== null) setConnectionDeadline(connection, deadline);
    if ((sessionIsolation.get(connection) ?? null) !== isolation) {
      const level = isolation ?? (await serverDefault(dataSource, runner));
      await runner.query(`SET SESSION TRANSACTION ISOLATION LEVEL ${level}`);
      sessionIsolation.set(connection, isolation);
    }
    return await runner.manager.transaction(work);
  } finally {
    if (connection) setConnectionDeadline(connection, null);
    await runner.release();
  }
}

/** `SELECT ... FOR UPDATE` where the database has row locks; SQLite's single writer needs none. */
export function forUpdate(manager: EntityManager): string {
  return manager.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
}

/** `INSERT IGNORE` in the database's own words. */
export function insertIgnore(manager: EntityManager): string {
  return manager.connection.options.type === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
}

/** The clause that turns an INSERT clashing on `key` into an update (`SET` list follows), in the database's own words. */
export function onConflictUpdate(manager: EntityManager, key: string): string {
  return manager.connection.options.type === 'mysql' ? 'ON DUPLICATE KEY UPDATE' : `ON CONFLICT (${key}) DO UPDATE SET`;
}

export interface WriteResult {
  affected: number;
  insertId: string | null;
}

/**
 * Runs an INSERT/UPDATE/DELETE and reports the rows affected and, for an INSERT that added a row,
 * the new row's id, on either database.
 */
export async function execute(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<WriteResult> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    const raw = result.raw as { insertId?: number | string; affectedRows?: number } | number | bigint | undefined;
    // SQLite reports the connection's last inserted row id even for an UPDATE or an ignored INSERT.
    if (typeof raw === 'object' && raw !== null) {
      const affected = result.affected ?? raw.affectedRows ?? 0;
      return { affected, insertId: affected > 0 && raw.insertId ? String(raw.insertId) : null };
    }
    const affected = result.affected ?? 0;
    return { affected, insertId: affected > 0 && raw !== undefined ? String(raw) : null };
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
