import { connect } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { alipaySyncBody, call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';
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
  ['malformed JSON', 'UNSUPPORTED_MEDIA_TYPE', 415, (s, u) => call(s, 'POST', '/api/v1/steps/sync', { token: u.token, rawBody: '{"countDate": ' })],
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

/** Writes `text` on a fresh connection and answers everything the server sends back. */
function rawExchange(server: TestServer, text: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.write(text));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

function parseRaw(answer: string) {
  const [head, body] = answer.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(body) };
}

function expectError(answer: { status: number; body: any }, status: number, code: string, field?: string) {
  expect(answer.status).toBe(status);
  expect(answer.body.error).toMatchObject({ code, message: expect.any(String) });
  if (field !== undefined) expect(answer.body.error.details).toContainEqual({ path: field, message: expect.any(String) });
}

describe.each(backends)('bad requests on any path on %s', (backend, available) => {
  let server: TestServer;
  let user: TestUser;
  let operator: string;
  let merchant: { id: string; token: string };
  let offer: string;
  let community: string;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    user = await signIn(server, 'trudy');
    await syncSteps(server, user, 10_000);
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    merchant = await createMerchant(server, operator, '边界测试店');
    offer = await liveOffer(server, merchant.token, operator, { priceCoins: 10, perUserLimit: 5 });
    community = await createCommunity(server, operator);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('answers a wrong method with METHOD_NOT_ALLOWED and the methods that are allowed', async () => {
    const me = await call(server, 'DELETE', '/api/v1/me', { token: user.token });
    expectError(me, 405, 'METHOD_NOT_ALLOWED');
    expect(me.headers.get('allow')).toMatch(/\bGET\b/);
    const redeem = await call(server, 'PUT', `/api/v1/offers/${offer}/redeem`, { token: user.token, body: {} });
    expectError(redeem, 405, 'METHOD_NOT_ALLOWED');
    expect(redeem.headers.get('allow')).toBe('POST');
    expectError(await call(server, 'PROPFIND', '/api/v1/me', { token: user.token }), 405, 'METHOD_NOT_ALLOWED');
    expectError(await call(server, 'GET', '/api/v1/no-such-thing', { token: user.token }), 404, 'NOT_FOUND');
  });

  it.skipIf(!available)('answers a body that is not JSON with UNSUPPORTED_MEDIA_TYPE, and the sandbox gateway still takes its forms', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expectError(await call(server, 'POST', '/api/v1/staff/login', { rawBody: `username=${OPERATOR.username}&password=x`, headers: form }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const text = { 'content-type': 'text/plain' };
    expectError(await call(server, 'PATCH', '/api/v1/me/profile', { token: user.token, rawBody: '{"weightKg":70}', headers: text }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // Signing in goes through alipay-sdk's form post to the sandbox gateway.
    expect((await signIn(server, 'form-poster')).token).toEqual(expect.any(String));
  });

  it.skipIf(!available)('answers oversized headers with 431 and broken HTTP with 400, both in the contract JSON', async () => {
    const oversized = parseRaw(await rawExchange(server, `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(oversized.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(oversized.head).toMatch(/content-type: application\/json/i);
    expect(oversized.body).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) } });
    const broken = parseRaw(await rawExchange(server, 'HELLO THERE\r\n\r\n'));
    expect(broken.statusLine).toMatch(/^HTTP\/1.1 400 /);
    expect(broken.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '', message: expect.any(String) }] });
  });

  it.skipIf(!available)('refuses a nested or oversized redeem body, and binds a flat one to the key', async () => {
    const before = await call(server, 'GET', '/api/v1/me', { token: user.token });
    const headers = { 'idempotency-key': 'deep-nesting-0001' };
    const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const redeem = (options: { body?: unknown; rawBody?: string }, key = headers) =>
      call(server, 'POST', `/api/v1/offers/${offer}/redeem`, { token: user.token, headers: key, ...options });
    expectError(await redeem({ rawBody: deep }), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await redeem({ rawBody: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` }), 400, 'VALIDATION_FAILED', '');
    expectError(await redeem({ rawBody: `${'['.repeat(10_000)}${']'.repeat(10_000)}` }), 400, 'VALIDATION_FAILED', '');
    expectError(await redeem({ body: { note: { nested: 1 } } }), 400, 'VALIDATION_FAILED', 'note');
    expectError(await redeem({ body: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`f${i}`, i])) }), 400, 'VALIDATION_FAILED', '');
    expectError(await redeem({ rawBody: '{"__proto__":{"polluted":true}}' }), 400, 'VALIDATION_FAILED', '__proto__');
    expect((await call(server, 'GET', '/api/v1/me', { token: user.token })).body.wallet).toEqual(before.body.wallet);

    const key = { 'idempotency-key': 'empty-body-0001' };
    const first = await redeem({}, key);
    expect(first.status).toBe(201);
    expect(await redeem({ body: {} }, key)).toMatchObject({ status: 201, body: first.body });
    const noted = await redeem({ body: { ref: 'a-1', note: '送给朋友' } }, { 'idempotency-key': 'noted-body-0001' });
    expect(noted.status).toBe(201);
    expect(await redeem({ body: { note: '送给朋友', ref: 'a-1' } }, { 'idempotency-key': 'noted-body-0001' })).toMatchObject({ status: 201, body: noted.body });
    expectError(await redeem({ body: { ref: 'a-2' } }, { 'idempotency-key': 'noted-body-0001' }), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it.skipIf(!available)('refuses cursors and limits past any page, and ids past any row', async () => {
    for (const path of ['/communities', '/wallet/transactions', '/offers']) {
      expectError(await call(server, 'GET', `/api/v1${path}?cursor=${'9'.repeat(40)}`, { token: user.token }), 400, 'VALIDATION_FAILED', 'cursor');
      expectError(await call(server, 'GET', `/api/v1${path}?limit=100000`, { token: user.token }), 400, 'VALIDATION_FAILED', 'limit');
    }
    expectError(await call(server, 'GET', `/api/v1/ops/communities?cursor=${'9'.repeat(20)}`, { token: operator }), 400, 'VALIDATION_FAILED', 'cursor');
    // A well-formed cursor past every page (the smallest size, the largest id) answers an empty page.
    const pastEveryPage = Buffer.from(JSON.stringify([0, 999_999_999_999_999])).toString('base64url');
    expect((await call(server, 'GET', `/api/v1/communities?cursor=${pastEveryPage}`, { token: user.token })).body).toEqual({ items: [], nextCursor: null });
    expectError(await call(server, 'GET', `/api/v1/communities/${'9'.repeat(25)}`, { token: user.token }), 400, 'VALIDATION_FAILED', 'id');
    expectError(await call(server, 'GET', '/api/v1/communities/9223372036854775808', { token: user.token }), 400, 'VALIDATION_FAILED', 'id');
    expectError(await call(server, 'GET', '/api/v1/communities/9223372036854775807', { token: user.token }), 404, 'NOT_FOUND');
    expectError(await call(server, 'POST', `/api/v1/communities/${community}x/join`, { token: user.token }), 400, 'VALIDATION_FAILED', 'id');
  });

  it.skipIf(!available)('refuses dates out of range everywhere a date is asked, and serves the last day in range', async () => {
    for (const date of ['0001-01-01', '9999-12-31', '1999-12-31', '2100-01-01']) {
      expectError(await call(server, 'GET', `/api/v1/ops/stats?date=${date}`, { token: operator }), 400, 'VALIDATION_FAILED', 'date');
      expectError(await call(server, 'GET', `/api/v1/merchant/vouchers?date=${date}`, { token: merchant.token }), 400, 'VALIDATION_FAILED', 'date');
      expectError(await call(server, 'GET', `/api/v1/leaderboards/daily?date=${date}`, { token: user.token }), 400, 'VALIDATION_FAILED', 'date');
      expectError(await call(server, 'POST', '/api/v1/ops/settlements', { token: operator, body: { date } }), 400, 'VALIDATION_FAILED', 'date');
    }
    for (const date of ['2000-01-01', '2099-12-31']) {
      expect((await call(server, 'GET', `/api/v1/ops/stats?date=${date}`, { token: operator })).status).toBe(200);
      expect((await call(server, 'GET', `/api/v1/merchant/vouchers?date=${date}`, { token: merchant.token })).body).toEqual({ items: [], nextCursor: null });
      expect((await call(server, 'GET', `/api/v1/leaderboards/daily?date=${date}`, { token: user.token })).status).toBe(200);
    }
  });

  it.skipIf(!available)('names the field of a validation error, also when a service finds it', async () => {
    expectError(await call(server, 'PATCH', '/api/v1/me/profile', { token: user.token, body: { weightKg: 1000 } }), 400, 'VALIDATION_FAILED', 'weightKg');
    expectError(await call(server, 'PATCH', '/api/v1/me/profile', { token: user.token, body: { nickname: 'x', bonus: 1 } }), 400, 'VALIDATION_FAILED', 'bonus');
    const taken = { name: '重名店', username: OPERATOR.username.replace(/[^a-z0-9_.-]/g, ''), password: 'long enough password' };
    expectError(await call(server, 'POST', '/api/v1/ops/merchants', { token: operator, body: taken }), 400, 'VALIDATION_FAILED', 'username');
    const campaign = await createCampaign(server, operator, { budgetCoins: 500 });
    const shrink = await call(server, 'PATCH', `/api/v1/ops/campaigns/${campaign.id}`, { token: operator, body: { budgetCoins: 100 } });
    expectError(shrink, 400, 'VALIDATION_FAILED', 'budgetCoins');
    expectError(await call(server, 'POST', `/api/v1/offers/${offer}/redeem`, { token: user.token, headers: { 'idempotency-key': 'short' } }), 400, 'VALIDATION_FAILED', 'Idempotency-Key');
  });

  it.skipIf(!available)('refuses names that would show as empty or as something else, and keeps what was there', async () => {
    const before = (await call(server, 'GET', '/api/v1/me', { token: user.token })).body.user.nickname;
    for (const nickname of ['\u0000'.repeat(8), 'a\u0000b', '\u200b\u200b', '\u3000\u200b', 'abc\u202egpj.exe', 'a\nb', '\u0085']) {
      expectError(await call(server, 'PATCH', '/api/v1/me/profile', { token: user.token, body: { nickname } }), 400, 'VALIDATION_FAILED', 'nickname');
    }
    expect((await call(server, 'GET', '/api/v1/me', { token: user.token })).body.user.nickname).toBe(before);
    // Scripts of every kind, emoji joined by zero-width joiners and a line break in a description are fine.
    for (const nickname of ['مرحبا', '👨‍👩‍👧 一家', 'Zoë']) {
      expect((await call(server, 'PATCH', '/api/v1/me/profile', { token: user.token, body: { nickname } })).status, nickname).toBe(200);
    }
    const community = { name: '夜跑\u202e团', category: 'running', description: '每周三\n晚上八点' };
    expectError(await call(server, 'POST', '/api/v1/ops/communities', { token: operator, body: community }), 400, 'VALIDATION_FAILED', 'name');
    const described = await call(server, 'POST', '/api/v1/ops/communities', { token: operator, body: { ...community, name: '夜跑团', description: '每周三\u0007' } });
    expectError(described, 400, 'VALIDATION_FAILED', 'description');
  });
});
