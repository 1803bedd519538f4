import { QueryFailedError, TypeORMError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { StorageTimeoutError, storageFault } from './faults.js';

function mysqlError(errno: number, code: string, sqlState = 'HY000') {
  return Object.assign(new Error(code), { errno, code, sqlState });
}

function wrapped(driverError: Error) {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('storageFault', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', fatal: true })],
    ['a lost connection', wrapped(Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' }))],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a handshake timeout', Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })],
    ['a lock wait timeout', wrapped(mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT'))],
    ['a deadlock', wrapped(mysqlError(1213, 'ER_LOCK_DEADLOCK', '40001'))],
    ['MariaDB max_statement_time', wrapped(mysqlError(1969, 'ER_STATEMENT_TIMEOUT', '70100'))],
    ['MySQL max_execution_time', wrapped(mysqlError(3024, 'ER_QUERY_TIMEOUT'))],
    ['a server shutting down', wrapped(mysqlError(1053, 'ER_SERVER_SHUTDOWN', '08S01'))],
    ['a closed pool', new Error('Pool is closed.')],
    ['a connection in closed state', wrapped(new Error("Can't add new command when connection is in closed state"))],
    ['TypeORM without a connection', new TypeORMError('Connection is not established with mysql database')],
    ['the BFF statement bound', new StorageTimeoutError('database', 'A database statement', 1500)],
    ['SQLite busy', wrapped(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))],
    ['SQLite locked', Object.assign(new Error('database table is locked'), { code: 'SQLITE_LOCKED_SHAREDCACHE' })],
    ['a fault given as a cause', new Error('could not load', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) })],
  ])('calls %s a database fault', (_, error) => {
    expect(storageFault(error)?.store).toBe('database');
  });

  it.each([
    ['a command timeout', new Error('Command timed out')],
    ['a closed connection', new Error('Connection is closed.')],
    ['a disabled offline queue', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a cluster without slots', Object.assign(new Error('Failed to refresh slots cache.'), { name: 'ClusterAllFailedError' })],
  ])('calls %s a cache fault', (_, error) => {
    expect(storageFault(error)?.store).toBe('cache');
  });

  it.each([
    ['a duplicate key', wrapped(mysqlError(1062, 'ER_DUP_ENTRY', '23000'))],
    ['a syntax error', wrapped(mysqlError(1064, 'ER_PARSE_ERROR', '42000'))],
    ['a CHECK constraint', wrapped(mysqlError(4025, 'ER_CONSTRAINT_FAILED', '23000'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'boom'],
  ])('leaves %s alone', (_, error) => {
    expect(storageFault(error)).toBeNull();
  });

  it.each([
    ['a full MariaDB disk', wrapped(mysqlError(1021, 'ER_DISK_FULL'))],
    ['a full MariaDB table', wrapped(mysqlError(1114, 'ER_RECORD_FILE_FULL'))],
    ['a full SQLite disk', wrapped(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))],
    ['an SQLite I/O error', wrapped(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }))],
    ['an SQLite write I/O error', wrapped(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }))],
    ['a read-only SQLite file', wrapped(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }))],
  ])('calls %s a database outage worth a later retry', (_, error) => {
    expect(storageFault(error)).toEqual({ store: 'database', retryAfterSeconds: 5 });
  });

  it('asks for a quick retry after contention and a longer one after an outage', () => {
    expect(storageFault(wrapped(mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT')))?.retryAfterSeconds).toBe(1);
    expect(storageFault(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))?.retryAfterSeconds).toBe(5);
  });
});
