import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '@calorie-bank/shared';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps } from '../support/client.js';

describe('service endpoints and HTTP behaviour', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', {
      RATE_LIMIT_SYNCS_PER_MINUTE: '2',
      CORS_ORIGINS: 'http://h5.example',
    });
  });
  afterAll(async () => server?.stop());

  it('answers liveness and readiness', async () => {
    expect((await call(server, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await call(server, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', database: { ok: true, type: 'better-sqlite3' }, cache: { type: 'none' } });
  });

  it('publishes an OpenAPI 3.1 document with every contract route', async () => {
    const docs = await call(server, 'GET', '/api/docs');
    expect(docs.body.openapi).toBe('3.1.0');
    for (const route of Object.values(API_ROUTES)) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      expect(docs.body.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const sync = docs.body.paths['/steps/sync'].post;
    expect(sync.requestBody.content['application/json'].schema.anyOf).toHaveLength(2);
    expect(Object.keys(sync.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '422', '429']));
    // The header's rule is the one the BFF checks: a key the document allows is one the BFF takes.
    const key = docs.body.paths['/offers/{id}/redeem'].post.parameters.find((parameter: { name: string }) => parameter.name === 'Idempotency-Key');
    expect(key).toMatchObject({ in: 'header', required: true, schema: { type: 'string', minLength: 8, maxLength: 128 } });
    const rule = new RegExp(key.schema.pattern);
    for (const good of ['abcdefgh', '6f1c2b3a-0000-4000-8000-000000000000', 'a.b:c_d-e']) expect(rule.test(good), good).toBe(true);
    for (const bad of ['has space key', 'bad/slash-key', 'short', 'x'.repeat(129), '中文中文中文中文']) expect(rule.test(bad), bad).toBe(false);
  });

  it('counts syncs and coins in Prometheus metrics', async () => {
    const user = await signIn(server, 'metered');
    await syncSteps(server, user, 10_000);
    const metrics = await call(server, 'GET', '/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(/step_syncs_total\{outcome="accepted",reason=""\} 1/);
    expect(metrics.body).toMatch(/coins_credited_total\{kind="step_reward"\} 300/);
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/steps\/sync",status="200"\} 1/);
  });

  it('limits syncs per user with Retry-After', async () => {
    const user = await signIn(server, 'eager');
    expect((await syncSteps(server, user, 100)).status).toBe(200);
    expect((await syncSteps(server, user, 200)).status).toBe(200);
    const limited = await syncSteps(server, user, 300);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await signIn(server, 'patient');
    expect((await syncSteps(server, other, 100)).status).toBe(200);
  });

  it('limits logins per client', async () => {
    const fresh = await startTestServer('sqlite', { RATE_LIMIT_LOGINS_PER_MINUTE: '3' });
    try {
      const attempts = [];
      for (let index = 0; index < 4; index += 1) {
        attempts.push(await call(fresh, 'POST', '/api/v1/auth/login', { body: { authCode: 'no-such-code' } }));
      }
      expect(attempts.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
      expect(attempts[0].body.error.code).toBe('AUTH_INVALID');
      expect(attempts[3].body.error.code).toBe('RATE_LIMITED');
    } finally {
      await fresh.stop();
    }
  });

  it('answers unknown routes, wrong media types and CORS preflights', async () => {
    const missing = await call(server, 'GET', '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const text = await call(server, 'POST', '/api/v1/auth/login', { rawBody: 'authCode=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const preflight = await fetch(`${server.url}/api/v1/steps/sync`, {
      method: 'OPTIONS',
      headers: { origin: 'http://h5.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://h5.example');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('tags every answer with a request id', async () => {
    const answer = await call(server, 'GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(answer.headers.get('x-request-id')).toBe('trace-123');
    expect((await call(server, 'GET', '/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
