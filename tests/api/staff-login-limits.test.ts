import { afterEach, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';

const backends = await storageBackends();
/** Wrong passwords one staff account takes per window, from all addresses together (bff/src/services/staff.ts). */
const ACCOUNT_BUDGET = 10;

function staffLogin(server: TestServer, from: string, username: string, password: string) {
  return call(server, 'POST', '/api/v1/staff/login', { body: { username, password }, headers: { 'x-forwarded-for': from } });
}

describe.each(backends)('staff sign-in limits on %s', (backend, available) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it.skipIf(!available)('lets 300 guesses at one operator from 10 addresses run only the account budget', async () => {
    server = await startTestServer(backend, { ...WITH_OPERATOR, TRUST_PROXY: '1' });
    const guesses = Array.from({ length: 300 }, (_, i) => `198.51.100.${i % 10}`);
    const answers = [];
    // Thirty at a time, so that a burst would slip past a limit that counted only after the fact.
    for (let start = 0; start < guesses.length; start += 30) {
      const batch = guesses.slice(start, start + 30).map((from, i) => staffLogin(server!, from, OPERATOR.username, `wrong guess ${start + i}`));
      answers.push(...(await Promise.all(batch)));
    }
    const ran = answers.filter((answer) => answer.status === 401);
    const limited = answers.filter((answer) => answer.status === 429);
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.length).toBeLessThanOrEqual(ACCOUNT_BUDGET);
    expect(ran.length + limited.length).toBe(300);
    for (const answer of limited) {
      expect(answer.body.error.code).toBe('RATE_LIMITED');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The account stays closed until the window passes, to its owner too: the price of a per-account limit.
    const operator = await staffToken(server, OPERATOR.username, OPERATOR.password).catch((error: Error) => error.message);
    expect(operator).toMatch(/429/);
  });

  it.skipIf(!available)('counts only wrong passwords against the account', async () => {
    server = await startTestServer(backend, WITH_OPERATOR);
    for (let i = 0; i < ACCOUNT_BUDGET + 5; i += 1) {
      expect((await staffLogin(server, '127.0.0.1', OPERATOR.username, OPERATOR.password)).status).toBe(200);
    }
    expect((await staffLogin(server, '127.0.0.1', OPERATOR.username, 'wrong')).status).toBe(401);
  });

  it.skipIf(!available)('limits two clients behind one proxy each by their own address', async () => {
    server = await startTestServer(backend, { ...WITH_OPERATOR, TRUST_PROXY: '1', RATE_LIMIT_LOGINS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i += 1) expect((await staffLogin(server, '203.0.113.1', 'someone-else', 'wrong')).status).toBe(401);
    const spoofed = await staffLogin(server, 'forged-by-the-client, 203.0.113.1', 'someone-else', 'wrong');
    expect(spoofed.status).toBe(429);
    expect(spoofed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await staffLogin(server, '203.0.113.2', OPERATOR.username, OPERATOR.password)).status).toBe(200);
  });

  it.skipIf(!available)('ignores X-Forwarded-For without TRUST_PROXY', async () => {
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_LOGINS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i += 1) expect((await staffLogin(server, `203.0.113.${i}`, 'someone-else', 'wrong')).status).toBe(401);
    expect((await staffLogin(server, '203.0.113.99', OPERATOR.username, OPERATOR.password)).status).toBe(429);
  });
});
