import { appendFileSync } from 'node:fs';
import type { Logger as TypeormLogger } from 'typeorm';

/**
 * A TypeORM logger that appends the text of every statement to `path`, one line each, for tests
 * that check which SQL the BFF issues (writes per sync, constructs other MySQL-compatible engines
 * lack). Only the text is written: parameters are bound as `?` and may hold secrets. Writes are
 * synchronous so that a process killed mid-run has logged every statement it sent.
 */
export function statementLog(path: string): TypeormLogger {
  const write = (query: string) => appendFileSync(path, `${query.replace(/\s+/g, ' ').trim()}\n`);
  return {
    logQuery: (query) => write(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
}
