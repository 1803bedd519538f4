import type { DatabaseConfig } from '@calorie-bank/config';

/** A start that cannot go on, told in one sentence that names the variable to fix and never its value. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

function codeOf(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.code ?? candidate?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The server and database a MySQL URL names, without its user and password. */
function mysqlTarget(url: string): { where: string; database: string } {
  try {
    const parsed = new URL(url);
    return { where: `${parsed.hostname}:${parsed.port || '3306'}`, database: decodeURIComponent(parsed.pathname.slice(1)) };
  } catch {
    return { where: 'the configured server', database: 'the configured database' };
  }
}

/** Why the configured database could not be opened or migrated, as one sentence naming DATABASE_URL. */
export function databaseStartupError(config: DatabaseConfig, error: unknown): StartupError {
  const code = codeOf(error);
  let reason: string;
  if (config.type === 'mysql') {
    const { where, database } = mysqlTarget(config.url);
    const refused = `the database server at ${where} refused the user name or password`;
    const reasons: Record<string, string> = {
      ECONNREFUSED: `the database server at ${where} refuses connections; check that it is running`,
      ENOTFOUND: `the database host of ${where} cannot be found`,
      EAI_AGAIN: `the database host of ${where} cannot be looked up right now`,
      ETIMEDOUT: `the database server at ${where} did not answer in time`,
      STORAGE_TIMEOUT: `the database server at ${where} did not answer within DATABASE_TIMEOUT_MS`,
      EHOSTUNREACH: `the database server at ${where} cannot be reached`,
      ENETUNREACH: `the database server at ${where} cannot be reached`,
      ECONNRESET: `the database server at ${where} closed the connection`,
      ER_ACCESS_DENIED_ERROR: refused,
      ER_ACCESS_DENIED_NO_PASSWORD_ERROR: refused,
      ER_DBACCESS_DENIED_ERROR: `the database server at ${where} does not let this user use the database ${database}`,
      ER_BAD_DB_ERROR: `the database ${database} does not exist on ${where}; create it first (CREATE DATABASE ${database})`,
    };
    reason = (code && reasons[code]) ?? `the database at ${where} could not be opened or its schema brought up to date (${code ?? 'see the debug log'})`;
  } else {
    const directory = "the SQLite file's directory cannot be created; check the path and its permissions";
    const reasons: Record<string, string> = {
      SQLITE_CANTOPEN: 'the SQLite file cannot be opened or created; check its directory and permissions',
      SQLITE_NOTADB: 'the SQLite file is not a SQLite database',
      SQLITE_CORRUPT: 'the SQLite file is damaged',
      SQLITE_READONLY: 'the SQLite file is read-only',
      EACCES: directory,
      EEXIST: directory,
      ENOTDIR: directory,
      EROFS: directory,
    };
    reason = (code && reasons[code]) ?? `the SQLite database could not be opened or its schema brought up to date (${code ?? 'see the debug log'})`;
  }
  return new StartupError(`Cannot start: DATABASE_URL: ${reason}.`, { cause: error });
}

/** Why the server could not listen, as one sentence naming HOST and PORT. */
export function listenStartupError(host: string, port: number, error: unknown): StartupError {
  const code = codeOf(error);
  const reasons: Record<string, string> = {
    EADDRINUSE: `${host}:${port} is already in use`,
    EACCES: `this process may not listen on port ${port}`,
    EADDRNOTAVAIL: `${host} is not an address of this machine`,
    ENOTFOUND: `${host} cannot be found`,
  };
  return new StartupError(`Cannot start: HOST and PORT: ${(code && reasons[code]) ?? `cannot listen on ${host}:${port} (${code ?? 'unknown reason'})`}.`, {
    cause: error,
  });
}
