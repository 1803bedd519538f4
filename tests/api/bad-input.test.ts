import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { alipaySyncBody, call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { addDays } from '@calorie-bank/shared';

const backends = await storageBackends();

type Case = [name: string, code: string, status: number, request: (server: TestServer, user: TestUser) => Promise<{ status: number; body: any }>];

function sync(server: TestServer, user: TestUser, body: unknown) {
  return call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body });
}

function envelope(server: TestServer, changes: Record<string, unknown>) {
  const good = JSON.parse(alipaySyncBody(server, { count: '30000' }).response);
  return { countDate: server.clock.today, response: JSON.stringify({ ...good, ...changes }) };
}

const CASES: Case[] = [
  ['a forged signature', 'PLATFORM_SIGNATURE_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: '30000', forge: 'signature' }))],
  ['a missing signature', 'PLATFORM_SIGNATURE_INVALID', 400, (s, u) => sync(s, u, envelope(s, { sign: undefined }))],
  ['a signature that is not base64', 'PLATFORM_SIGNATURE_INVALID', 400, (s, u) => sync(s, u, envelope(s, { sign: '***' }))],
  ['a signature by another key', 'PLATFORM_SIGNATURE_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: '30000', forge: 'foreign-key' }))],
  ['a truncated ciphertext', 'PLATFORM_SIGNATURE_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: '30000', forge: 'truncated' }))],
  ['a signed ciphertext that is not base64', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: '30000', forge: 'resigned-garbage' }))],
  ['an envelope that is not JSON', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, { countDate: s.clock.today, response: 'not json {' })],
  ['an envelope without ciphertext', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, envelope(s, { response: undefined }))],
  ['a platform code other than 10000', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: '30000', code: '40004' }))],
  ['a plaintext date other than the requested one', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) =>
    sync(s, u, alipaySyncBody(s, { count: '30000', plaintextDate: s.clock.yesterday }))],
  ['a date two days ago', 'STEP_DATE_OUT_OF_WINDOW', 422, (s, u) => syncSteps(s, u, 30_000, addDays(s.clock.today, -2))],
  ['a date tomorrow', 'STEP_DATE_OUT_OF_WINDOW', 422, (s, u) => syncSteps(s, u, 30_000, addDays(s.clock.today, 1))],
  ['a negative count', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: '-5' }))],
  ['a negative numeric count', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: -5 }))],
  ['a fractional count', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: '30000.5' }))],
  ['a fractional numeric count', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: 30000.5 }))],
  ['a count past safe integers', 'PLATFORM_PAYLOAD_INVALID', 400, (s, u) => sync(s, u, alipaySyncBody(s, { count: '99999999999999999999' }))],
  ['a huge count', 'STEPS_IMPLAUSIBLE', 422, (s, u) => syncSteps(s, u, 1_000_000_000)],
  ['one step over the limit', 'STEPS_IMPLAUSIBLE', 422, (s, u) => syncSteps(s, u, 100_001)],
  ['a missing token', 'AUTH_REQUIRED', 401, (s) => call(s, 'POST', '/api/v1/steps/sync', { body: alipaySyncBody(s, { count: '30000' }) })],
  ['a forged token', 'AUTH_INVALID', 401, async (s, u) => {
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id).setAudience('user').setIssuer('calorie-bank')
      .setExpirationTime('1h').sign(new TextEncoder().encode('some-other-secret-that-is-long-enough'));
    return call(s, 'POST', '/api/v1/steps/sync', { token: forged, body: alipaySyncBody(s, { count: '30000' }) });
  }],
  ['an expired token', 'AUTH_INVALID', 401, async (s, u) => {
    const issued = Math.floor(s.clock.at.getTime() / 1000) - 30 * 86_400;
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id).setAudience('user').setIssuer('calorie-bank')
      .setIssuedAt(issued).setExpirationTime(issued + 3600).sign(new TextEncoder().encode(s.config.jwtSecret));
    return call(s, 'POST', '/api/v1/steps/sync', { token: expired, body: alipaySyncBody(s, { count: '30000' }) });
  }],
  ['a token that is not a JWT', 'AUTH_INVALID', 401, (s) =>
    call(s, 'POST', '/api/v1/steps/sync', { token: 'garbage', body: alipaySyncBody(s, { count: '30000' }) })],
  ['a body over 64 KB', 'PAYLOAD_TOO_LARGE', 413, (s, u) =>
    call(s, 'POST', '/api/v1/steps/sync', { token: u.token, rawBody: JSON.stringify({ countDate: s.clock.today, response: 'x'.repeat(70_000) }) })],
  ['malformed JSON', 'VALIDATION_FAILED', 400, (s, u) => call(s, 'POST', '/api/v1/steps/sync', { token: u.token, rawBody: '{"countDate": ' })],
  ['a body without countDate', 'VALIDATION_FAILED', 400, (s, u) => sync(s, u, { response: alipaySyncBody(s, { count: '1' }).response })],
  ['a countDate that is no calendar day', 'VALIDATION_FAILED', 400, (s, u) =>
    sync(s, u, { countDate: '2026-02-30', response: alipaySyncBody(s, { count: '1' }).response })],
  ['an unknown field', 'VALIDATION_FAILED', 400, (s, u) => sync(s, u, { ...alipaySyncBody(s, { count: '1' }), bonus: 1000 })],
];

describe.each(backends)('bad step-sync input on %s', (backend, available) => {
  let server: TestServer;
  let user: TestUser;

  async function snapshot() {
    const me = await call(server, 'GET', '/api/v1/me', { token: user.token });
    const board = await call(server, 'GET', '/api/v1/leaderboards/daily?limit=10', { token: user.token });
    const ledger = await ledgerState(server.context.db);
    return { wallet: me.body.wallet, today: me.body.today, entries: board.body.entries, me: board.body.me, ledger };
  }

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend);
    user = await signIn(server, 'mallory');
    expect((await syncSteps(server, user, 6_000)).body).toMatchObject({ credited: 180 });
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available).each(CASES)('answers %s with %s and moves nothing', async (_name, code, status, request) => {
    const before = await snapshot();
    const answer = await request(server, user);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error: { code, message: expect.any(String), ...(answer.body.error.details ? { details: expect.anything() } : {}) } });
    expect(await snapshot()).toEqual(before);
    expect(before.ledger).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('records implausible attempts for operators', async () => {
    await syncSteps(server, user, 250_000);
    const rows = await server.context.db.query(
      "SELECT steps, outcome, reason FROM step_sync_attempts WHERE user_id = ? AND reason = 'STEPS_IMPLAUSIBLE' ORDER BY id DESC",
      [user.id],
    );
    expect(rows[0]).toMatchObject({ steps: 250_000, outcome: 'rejected', reason: 'STEPS_IMPLAUSIBLE' });
  });

  it.skipIf(!available)('never leaks internals in an error message', async () => {
    const answer = await sync(server, user, alipaySyncBody(server, { count: '30000', forge: 'signature' }));
    expect(JSON.stringify(answer.body)).not.toMatch(/stack|at .*\.ts|SELECT|PRIVATE KEY/);
  });
});
