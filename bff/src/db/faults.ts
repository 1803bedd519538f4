/** Which store failed: the database (required) or the Redis cache (optional). */
export type Store = 'database' | 'cache';

export interface StorageFault {
  store: Store;
  /** Contention (a lock, a busy pool) clears quickly; an outage takes longer. */
  retryAfterSeconds: number;
}

/** Raised by the BFF's own bounds: a connection, statement or writer lock not had within the database timeout. */
export class StorageTimeoutError extends Error {
  readonly code = 'STORAGE_TIMEOUT';

  constructor(
    readonly store: Store,
    what: string,
    timeoutMs: number,
  ) {
    super(`${what} took longer than ${timeoutMs} ms`);
    this.name = 'StorageTimeoutError';
  }
}

/**
 * Thrown by work that found it may hold a lock it must not keep while waiting for others (InnoDB
 * keeps the lock of a row a guarded update waited for and then did not change, at any isolation
 * level): `runInTransaction` rolls back, which releases it, and runs the work again from the start.
 * One that is still thrown once the attempts run out is contention, like a deadlock.
 */
export class RestartTransaction extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestartTransaction';
  }
}

// Lock waits, deadlocks (once runInTransaction has given up retrying) and statements the server cancelled.
const CONTENTION_ERRNOS = new Set([1205, 1213, 1969, 3024, 1317]);
// Too many connections, shutdown, killed connection, read-only server (failover), client-side gone-away/lost,
// a full disk (1021) or table (1114): none is the request's fault, and each clears once an operator acts.
const OUTAGE_ERRNOS = new Set([1021, 1040, 1053, 1114, 1290, 1792, 1836, 1927, 2002, 2003, 2006, 2013, 2055]);
// SQLite's full disk, I/O errors (SQLITE_IOERR and its extended codes) and a read-only file.
const SQLITE_OUTAGE_PREFIXES = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY'];
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_ENQUEUE_HANDSHAKE_TWICE',
]);
const DATABASE_MESSAGES = [
  /^Pool is closed/,
  /^No connections available/,
  /^Queue limit reached/,
  /^Can't add new command when connection is in closed state/,
  /^Connection is not established/,
  /connection is in closed state/i,
];
const CACHE_MESSAGES = [
  /^Command timed out/,
  /^Connection is closed/,
  /^Stream isn't writeable/,
  /^Cluster isn't ready/,
  /^Failed to refresh slots cache/,
  /^None of startup nodes is available/,
  /^Reached the max retries per request limit/,
  /^(LOADING|CLUSTERDOWN|TRYAGAIN|MASTERDOWN)\b/,
];
const CACHE_ERROR_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function classifyOne(error: ErrorLike): StorageFault | null {
  if (error instanceof StorageTimeoutError) return { store: error.store, retryAfterSeconds: error.store === 'database' ? 2 : 1 };
  if (error instanceof RestartTransaction) return { store: 'database', retryAfterSeconds: 1 };
  const message = typeof error.message === 'string' ? error.message : '';
  if ((typeof error.name === 'string' && CACHE_ERROR_NAMES.has(error.name)) || CACHE_MESSAGES.some((pattern) => pattern.test(message))) {
    return { store: 'cache', retryAfterSeconds: 1 };
  }
  const code = typeof error.code === 'string' ? error.code : '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { store: 'database', retryAfterSeconds: 1 };
  if (SQLITE_OUTAGE_PREFIXES.some((prefix) => code.startsWith(prefix))) return { store: 'database', retryAfterSeconds: 5 };
  if (typeof error.errno === 'number' && CONTENTION_ERRNOS.has(error.errno)) return { store: 'database', retryAfterSeconds: 1 };
  if (typeof error.errno === 'number' && OUTAGE_ERRNOS.has(error.errno)) return { store: 'database', retryAfterSeconds: 5 };
  // SQLSTATE class 08: connection exceptions.
  if (typeof error.sqlState === 'string' && error.sqlState.startsWith('08')) return { store: 'database', retryAfterSeconds: 5 };
  if (OUTAGE_CODES.has(code) || DATABASE_MESSAGES.some((pattern) => pattern.test(message))) {
    return { store: 'database', retryAfterSeconds: 5 };
  }
  return null;
}

/**
 * Says whether `error` means a store is down, unreachable, too slow or too contended to answer
 * now (so the request deserves SERVICE_UNAVAILABLE and a retry), looking through TypeORM's
 * `driverError` and `cause` chains. Anything else (a bug, a constraint) answers null.
 */
export function storageFault(error: unknown, depth = 0): StorageFault | null {
  if (depth > 5 || typeof error !== 'object' || error === null) return null;
  const candidate = error as ErrorLike;
  const own = classifyOne(candidate);
  if (own) return own;
  const nested = [candidate.driverError, candidate.cause, ...(Array.isArray(candidate.errors) ? candidate.errors : [])];
  for (const inner of nested) {
    const found = storageFault(inner, depth + 1);
    if (found) return found;
  }
  return null;
}
