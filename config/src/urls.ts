/**
 * Checks of the connection URLs. Each answers what is wrong, in words that never repeat the value
 * (it may hold a password), or null when the driver can take it as it is: a URL the driver would
 * read loosely (a port it cannot parse falls back to the default one, an empty host to localhost)
 * could connect to another server than the one meant.
 */

function parsed(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with the host, port and credentials of `url`, or null. */
function serverProblem(url: URL): string | null {
  if (url.hostname === '') return 'names no host';
  if (url.port !== '' && Number(url.port) < 1) return 'has a port outside 1–65535';
  if (!decodes(url.username) || !decodes(url.password)) return 'has a user name or password with a broken %-escape (write % as %25)';
  return null;
}

const UNPARSED = 'does not parse as a URL (check the port, 1–65535, and %-encode characters such as @ : / # in the password)';

/** `mysql://user:pass@host:port/db`. */
export function mysqlUrlProblem(value: string): string | null {
  const url = parsed(value);
  if (!url) return UNPARSED;
  if (url.protocol !== 'mysql:') return 'must start with mysql://';
  const server = serverProblem(url);
  if (server) return server;
  // TypeORM splits the URL itself: it would read a bracketed IPv6 host's port wrongly, and never decodes the database's name.
  if (url.hostname.startsWith('[')) return 'names its host by an IPv6 address, which is not read right here: use a host name';
  const database = url.pathname.slice(1);
  if (database === '' || database.includes('/') || database.includes('%')) return 'must name one database after the host, as in mysql://user:pass@host:3306/db (letters, digits, _ and $)';
  return null;
}

/** `redis://[user:pass@]host[:port][/db]` or `rediss://…`. */
export function redisUrlProblem(value: string): string | null {
  const url = parsed(value);
  if (!url) return UNPARSED;
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return 'must start with redis:// or rediss://';
  const server = serverProblem(url);
  if (server) return server;
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,5}$/.test(url.pathname)) return 'may name only a database number after the host, as in redis://host:6379/0';
  return null;
}
