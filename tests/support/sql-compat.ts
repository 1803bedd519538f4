/**
 * SQL constructs that TiDB or OceanBase (MySQL mode) lack or treat differently from MySQL/MariaDB,
 * as a list a statement log is checked against. The sources are cited in docs/scale.md
 * ("SQL for MySQL-compatible distributed databases"); each rule names what to do instead.
 */
export interface SqlRule {
  id: string;
  /** Matched against the statement with string literals blanked out. */
  pattern: RegExp;
  engines: string;
  instead: string;
}

export const SQL_RULES: SqlRule[] = [
  {
    id: 'shared-lock',
    pattern: /\bLOCK\s+IN\s+SHARE\s+MODE\b|\bFOR\s+SHARE\b/i,
    engines: 'TiDB: a no-op that errors unless tidb_enable_noop_functions; OceanBase: SELECT … FOR SHARE unsupported',
    instead: 'SELECT … FOR UPDATE, or a conditional UPDATE',
  },
  {
    id: 'skip-locked-nowait',
    pattern: /\bSKIP\s+LOCKED\b|\bNOWAIT\b|\bFOR\s+UPDATE\s+WAIT\b/i,
    engines: 'TiDB: NOWAIT only in pessimistic mode, no SKIP LOCKED; MariaDB < 10.6 and OceanBase differ',
    instead: 'plain FOR UPDATE bounded by innodb_lock_wait_timeout',
  },
  {
    id: 'user-level-lock',
    pattern: /\b(GET_LOCK|RELEASE_LOCK|RELEASE_ALL_LOCKS|IS_FREE_LOCK|IS_USED_LOCK)\s*\(/i,
    engines: 'OceanBase: unsupported; TiDB: 1 s–1 h timeouts, no deadlock detection',
    instead: 'a row lock on a real row, or a Redis lock with a token',
  },
  {
    id: 'savepoint',
    pattern: /\b(SAVEPOINT|ROLLBACK\s+TO|RELEASE\s+SAVEPOINT)\b/i,
    engines: 'TiDB before v6.2: unsupported',
    instead: 'one flat transaction per request',
  },
  {
    id: 'fulltext-spatial',
    pattern: /\bFULLTEXT\b|\bSPATIAL\b|\bMATCH\s*\([^)]*\)\s*AGAINST\b|\bGEOMETRY\b|\bPOINT\s*\(|\bST_\w+\s*\(/i,
    engines: 'TiDB: FULLTEXT and SPATIAL syntax, functions and indexes unsupported',
    instead: 'a search service, or geohash columns',
  },
  {
    id: 'stored-code',
    pattern: /\bCREATE\s+(DEFINER\s*=\s*\S+\s+)?(TRIGGER|PROCEDURE|FUNCTION|EVENT)\b|\bCALL\s+\w+\s*\(/i,
    engines: 'TiDB: no stored procedures, functions, triggers or events',
    instead: 'logic in the BFF\'s services; jobs on bullmq',
  },
  {
    id: 'user-variable',
    pattern: /(^|[^@\w])@[A-Za-z_]\w*/,
    engines: 'TiDB and OceanBase: user variables in statements (@v := …) evaluate differently from MySQL',
    instead: 'parameters bound as ?',
  },
  {
    id: 'last-insert-id',
    pattern: /\bLAST_INSERT_ID\s*\(/i,
    engines: 'TiDB: AUTO_INCREMENT allocated in batches per TiDB server, ids unique but neither gap-free nor in commit order',
    instead: 'the insert\'s own OK packet (insertId) for that one row, never for ordering',
  },
  {
    id: 'create-table-select',
    pattern: /\bCREATE\s+(TEMPORARY\s+)?TABLE\b[^;]*\bAS\s+SELECT\b|\bCREATE\s+TABLE\b[^(;]*\bSELECT\b/i,
    engines: 'TiDB: CREATE TABLE … SELECT unsupported; OceanBase copies no keys',
    instead: 'CREATE TABLE, then INSERT … SELECT',
  },
  {
    id: 'temporary-table',
    pattern: /\bCREATE\s+TEMPORARY\s+TABLE\b/i,
    engines: 'TiDB before v5.3: unsupported',
    instead: 'a real table or a derived table',
  },
  {
    id: 'odku-values',
    pattern: /\bON\s+DUPLICATE\s+KEY\s+UPDATE\b[^;]*\bVALUES\s*\(/i,
    engines: 'MySQL 8.0.20+: VALUES() there is deprecated; MariaDB lacks the row-alias form that replaces it',
    instead: 'INSERT IGNORE, then a conditional UPDATE',
  },
  {
    id: 'table-admin',
    pattern: /^\s*(LOCK\s+TABLES?|UNLOCK\s+TABLES|HANDLER|XA\s|CHECK\s+TABLE|CHECKSUM\s+TABLE|OPTIMIZE\s+TABLE|REPAIR\s+TABLE|LOAD\s+DATA)\b/i,
    engines: 'TiDB: LOCK TABLES only with enable-table-lock, XA, HANDLER, CHECK/CHECKSUM/OPTIMIZE/REPAIR TABLE unsupported',
    instead: 'row locks',
  },
  {
    id: 'primary-key-change',
    pattern: /\bALTER\s+TABLE\b[^;]*\b(ADD|DROP)\s+PRIMARY\s+KEY\b/i,
    engines: 'TiDB: no adding or dropping a clustered primary key; OceanBase: no adding or dropping a primary key',
    instead: 'a new table and a copy',
  },
  {
    id: 'collation',
    pattern: /\bCOLLATE\s*=?\s*['"`]?(?!utf8mb4_bin\b|utf8mb4_general_ci\b|utf8mb4_unicode_ci\b|binary\b)\w+/i,
    engines: 'OceanBase: utf8mb4_general_ci, utf8mb4_bin, binary (and utf8mb4_unicode_ci in 4.x); TiDB: new collation framework',
    instead: 'utf8mb4 with utf8mb4_bin, utf8mb4_general_ci or utf8mb4_unicode_ci',
  },
];

/** Blanks string literals and quoted identifiers' contents, so that rules see only SQL. */
function withoutLiterals(statement: string): string {
  return statement.replace(/'(?:[^'\\]|\\.|'')*'/g, "''").replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

export interface SqlFinding {
  rule: string;
  statement: string;
}

/** Every rule each statement breaks. */
export function checkStatements(statements: Iterable<string>): SqlFinding[] {
  const findings: SqlFinding[] = [];
  for (const statement of statements) {
    const sql = withoutLiterals(statement);
    for (const rule of SQL_RULES) if (rule.pattern.test(sql)) findings.push({ rule: rule.id, statement });
  }
  return findings;
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

/** How many statements of a log are writes (INSERT, UPDATE, DELETE, REPLACE). */
export function countWrites(statements: string[]): number {
  return statements.filter((statement) => WRITE.test(statement)).length;
}
