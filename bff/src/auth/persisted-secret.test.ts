import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@calorie-bank/config';
import { persistedSessionKey, sessionKeyDirectory } from './persisted-secret.js';

describe('the session key kept across restarts', () => {
  const directories: string[] = [];
  const fresh = () => {
    const directory = mkdtempSync(join(tmpdir(), 'cb-key-'));
    directories.push(directory);
    return directory;
  };
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('makes a key readable by its owner only, then keeps answering the same one', () => {
    const directory = join(fresh(), 'data');
    const first = persistedSessionKey(directory);
    expect(first.created).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(persistedSessionKey(directory)).toEqual({ ...first, created: false });
  });

  it('refuses a file that holds no usable key', () => {
    const directory = fresh();
    writeFileSync(join(directory, 'jwt-secret'), 'short\n');
    expect(() => persistedSessionKey(directory)).toThrow(/at least 32 characters/);
  });

  it('keeps a key beside the embedded SQLite database or in DATA_DIR, never for MySQL alone or in memory', () => {
    expect(sessionKeyDirectory(loadConfig({}))).toBe('./data');
    expect(sessionKeyDirectory(loadConfig({ DATABASE_URL: 'sqlite::memory:' }))).toBeNull();
    expect(sessionKeyDirectory(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/x' }))).toBeNull();
    expect(sessionKeyDirectory(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/x', DATA_DIR: '/srv/cb' }))).toBe('/srv/cb');
  });
});
