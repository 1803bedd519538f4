import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';

const TIMEOUT_MS = 400;

describe('the BFF on SQLite when another process holds the write lock', () => {
  let dir: string;
  let file: string;
  let server: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-sqlite-'));
    file = join(dir, 'calorie-bank.sqlite');
    server = await startTestServer('sqlite', { DATABASE_URL: `sqlite:${file}`, DATABASE_TIMEOUT_MS: String(TIMEOUT_MS) });
    user = await signIn(server, 'walker');
    expect((await syncSteps(server, user, 5000)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After once busy_timeout and the writer queue run out, writes nothing, and goes on after', async () => {
    const other = new Database(file);
    const before = await ledgerState(server.context.db);
    const started = performance.now();
    try {
      other.exec('BEGIN IMMEDIATE');
      const answers = await Promise.all([7000, 8000, 9000].map((steps) => syncSteps(server, user, steps)));
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.body.error.code).toBe('SERVICE_UNAVAILABLE');
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      expect(performance.now() - started).toBeLessThan(3 * TIMEOUT_MS + 1000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await ledgerState(server.context.db)).toMatchObject({ ...HEALTHY, transactions: before.transactions });
    expect((await call(server, 'GET', '/api/v1/me', { token: user.token })).body.today.steps).toBe(5000);
    expect((await syncSteps(server, user, 7000)).body).toMatchObject({ steps: 7000, credited: 60 });
  });
});
