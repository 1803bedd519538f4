import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnBff, type BffProcess } from '../support/bff-process.js';
import { freePort } from '../support/ports.js';
import { availableServices, MYSQL_ROOT_URL } from '../support/services.js';

const services = await availableServices();
const running: BffProcess[] = [];

function start(env: Record<string, string>): BffProcess {
  const bff = spawnBff(env);
  running.push(bff);
  return bff;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((bff) => bff.stop()));
});

/** A start that must stop: exit 1, one line on stderr naming `variable`, none of `secrets`, no stack trace. */
async function expectRefusal(env: Record<string, string>, variable: string, secrets: string[]): Promise<string> {
  const bff = start({ DEMO_DATA: '0', DAY_END_SETTLEMENT: '0', ...env });
  expect(await bff.exited).toBe(1);
  const stderr = bff.stderr().trim();
  expect(stderr.split('\n')).toHaveLength(1);
  expect(stderr).toContain(variable);
  expect(stderr).not.toMatch(/\n\s+at /);
  for (const secret of secrets) {
    expect(stderr).not.toContain(secret);
    expect(bff.stdout()).not.toContain(secret);
  }
  return stderr;
}

function alipayKeys() {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    PLATFORM_SANDBOX: '0',
    ALIPAY_APP_ID: '2021000000000001',
    ALIPAY_APP_PRIVATE_KEY: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    ALIPAY_PUBLIC_KEY: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    ALIPAY_AES_KEY: randomBytes(16).toString('base64'),
  };
}

describe('starting the BFF', () => {
  it('stops with one sentence naming DATABASE_URL when the database refuses connections', async () => {
    const port = await freePort();
    const stderr = await expectRefusal({ DATABASE_URL: `mysql://calorie:db-password-never-shown@127.0.0.1:${port}/calorie_bank` }, 'DATABASE_URL', [
      'db-password-never-shown',
    ]);
    expect(stderr).toMatch(/refuses connections/);
  });

  it.skipIf(!services.mysql)('stops with one sentence naming DATABASE_URL on a wrong password or a missing database', async () => {
    const server = new URL(MYSQL_ROOT_URL);
    const wrong = `mysql://root:wrong-password-never-shown@${server.host}/test`;
    expect(await expectRefusal({ DATABASE_URL: wrong }, 'DATABASE_URL', ['wrong-password-never-shown'])).toMatch(/user name or password/);
    const missing = `cb_missing_${randomBytes(4).toString('hex')}`;
    expect(await expectRefusal({ DATABASE_URL: `${MYSQL_ROOT_URL}/${missing}` }, 'DATABASE_URL', [])).toMatch(/does not exist/);
  });

  it.each(['ALIPAY_APP_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY', 'ALIPAY_AES_KEY'])('stops with one sentence naming a malformed %s, never its value', async (variable) => {
    const bad = variable === 'ALIPAY_AES_KEY' ? 'bm90LWEtMTYtYnl0ZS1rZXk=' : `-----BEGIN PRIVATE KEY-----\nbWFsZm9ybWVkLWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----`;
    await expectRefusal({ ...alipayKeys(), DATABASE_URL: 'sqlite::memory:', [variable]: bad }, variable, [bad.split('\n')[1] ?? bad]);
  });

  it.each([
    ['a bootstrap operator of its own', 'boss'],
    ['a bootstrap operator named like the demo operator', 'demo-ops'],
    ['a bootstrap operator named like the demo merchant', 'summit-coffee'],
  ])('starts with demo data and %s, and serves /healthz', async (_case, username) => {
    const bff = start({ DATABASE_URL: 'sqlite::memory:', DEMO_DATA: '1', OPS_BOOTSTRAP_USER: username, OPS_BOOTSTRAP_PASSWORD: 'bootstrap-password-1' });
    const url = await bff.started;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const login = await fetch(`${url}/api/v1/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'bootstrap-password-1' }),
    });
    expect(login.status).toBe(200);
    expect(bff.stderr()).toBe('');
    expect(await bff.stop()).toBe(0);
  });

  it('starts degraded when Redis is unreachable', { timeout: 60_000 }, async () => {
    const bff = start({ DATABASE_URL: 'sqlite::memory:', DEMO_DATA: '0', REDIS_URL: `redis://127.0.0.1:${await freePort()}/0` });
    const url = await bff.started;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(JSON.stringify(await (await fetch(`${url}/readyz`)).json())).toMatch(/degraded/);
    expect(bff.stderr()).toBe('');
    expect(await bff.stop()).toBe(0);
  });
});
