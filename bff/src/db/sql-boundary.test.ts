import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const DB = fileURLToPath(new URL('.', import.meta.url));

/** Statements and clauses as the code writes them: upper-case keywords, the way every access module spells SQL. */
const SQL = [
  /\bSELECT\b[\s\S]*\bFROM\b/,
  /\bSELECT\s+\d/,
  /\bINSERT\b[\s\S]*\bINTO\b/,
  /\bUPDATE\s+\w+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\bFOR UPDATE\b/,
  /\bLOCK IN SHARE MODE\b/,
  /\b(CREATE|ALTER|DROP)\s+(TABLE|INDEX)\b/,
  /\bWHERE\s+[\w.]+\s*(=|<|>|IN\b|LIKE\b|IS\b)/,
  /\bORDER BY\b/,
  /\bGROUP BY\b/,
];

/** Every string literal of a source file (quotes, double quotes and template text). */
function stringsOf(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...withoutComments.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((match) => match[0]);
}

function sqlIn(source: string): string[] {
  return stringsOf(source).filter((text) => SQL.some((pattern) => pattern.test(text)));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === DB.replace(/\/$/, '') ? [] : sourceFiles(path);
    // Tests may hold SQL as data (a failed statement a log must redact, say); they run none.
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the table-access boundary', () => {
  it('recognises SQL in a string', () => {
    expect(sqlIn("db.query('SELECT id FROM users WHERE id = ?')")).toHaveLength(1);
    expect(sqlIn('const sql = `UPDATE offers SET stock_left = stock_left - 1`;')).toHaveLength(1);
    expect(sqlIn("throw new AppError('OFFER_NOT_EDITABLE', 'Only a draft offer can be updated; select another')")).toHaveLength(0);
  });

  it('keeps every SQL statement inside bff/src/db', () => {
    const found = sourceFiles(SRC).flatMap((file) => sqlIn(readFileSync(file, 'utf8')).map((text) => `${relative(SRC, file)}: ${text.slice(0, 80)}`));
    expect(found).toEqual([]);
  });
});
