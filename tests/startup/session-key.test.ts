import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../support/client.js';
import { spawnBff, type BffProcess } from '../support/bff-process.js';
import { availableServices, createMysqlDatabase } from '../support/services.js';

const { mysql } = await availableServices();

describe.skipIf(!mysql)('the session key of a development deployment on MySQL without JWT_SECRET or DATA_DIR', () => {
  const processes: BffProcess[] = [];
  let database: { url: string; drop(): Promise<void> } | undefined;
  afterAll(async () => {
    await Promise.all(processes.map((bff) => bff.kill()));
    await database?.drop();
  });

  it('is one key, kept in the database, that every process signs and checks tokens with', { timeout: 90_000 }, async () => {
    database = await createMysqlDatabase();
    const env = {
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      DEMO_DATA: '0',
      DAY_END_SETTLEMENT: '0',
      LOG_LEVEL: 'warn',
      OPS_BOOTSTRAP_USER: 'ops-admin',
      OPS_BOOTSTRAP_PASSWORD: 'operator-password-1',
    };
    // Two processes starting at once on one empty database: both must settle on the same key.
    processes.push(spawnBff(env), spawnBff(env));
    const [first, second] = await Promise.all(processes.map((bff) => bff.started));
    const login = await call({ url: first }, 'POST', '/api/v1/staff/login', { body: { username: 'ops-admin', password: 'operator-password-1' } });
    expect(login.status).toBe(200);
    // A token one process signed is accepted by the other.
    expect((await call({ url: second }, 'GET', '/api/v1/ops/audit', { token: login.body.token })).status).toBe(200);
    for (const bff of processes) {
      expect(bff.stderr() + bff.stdout()).toContain('session key kept in the database');
      expect(bff.stderr() + bff.stdout()).not.toContain('random key');
    }
  });
});
