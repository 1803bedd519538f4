import { beforeEach, describe, expect, it, vi } from 'vitest';
import { earlySessionScript, earlySessionSettings } from '../config/early-session';

const storage = vi.hoisted(() => new Map<string, unknown>());
const request = vi.hoisted(() => vi.fn());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaro(await importOriginal(), storage, (options) => request(options)));

const { api, ApiError, signIn, warmUpSession } = await import('../src/api/client');

const GLOBAL = '__calorieBankEarlySession';
const held = () => (window as unknown as Record<string, { kind: string; reply: Promise<unknown> } | undefined>)[GLOBAL];
const ME = { user: { id: '7' }, wallet: { balance: 0 }, today: { steps: 0 } };
const LOGIN = { token: 'early-token', expiresAt: '2026-06-22T00:00:00Z', user: { id: '7' }, me: ME };

/** Runs index.html's script as the page would, with `fetch` answering from `answers` by path. */
function runScript(answers: Record<string, [number, unknown]>): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    asked.push(`${init.method ?? 'GET'} ${url} ${init.body ?? ''} ${(init.headers as Record<string, string>)?.authorization ?? ''}`.trim());
    const [status, body] = answers[url] ?? [404, { error: { code: 'NOT_FOUND' } }];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '30' } : {}) } });
  }));
  new Function(earlySessionScript(earlySessionSettings('')))();
  return asked;
}

describe("index.html's early session (H5)", () => {
  beforeEach(() => {
    localStorage.clear();
    storage.clear();
    request.mockReset();
    delete (window as unknown as Record<string, unknown>)[GLOBAL];
    window.location.hash = '';
  });

  it('signs the sandbox user in before the app runs, and the app takes that answer instead of signing in again', async () => {
    localStorage.setItem('cb.sandbox.user', 'h5-walker');
    const asked = runScript({ '/sandbox/alipay/auth-code': [200, { authCode: 'code-1' }], '/api/v1/auth/login': [200, LOGIN] });
    expect(held()?.kind).toBe('login');
    await held()!.reply;
    expect(asked).toEqual(['POST /sandbox/alipay/auth-code {"user":"h5-walker"}', 'POST /api/v1/auth/login {"authCode":"code-1"}']);
    warmUpSession();
    await expect(api.me()).resolves.toEqual(ME);
    expect(request).not.toHaveBeenCalled();
    expect(storage.get('cb.token')).toBe('early-token');
    expect(held()).toBeUndefined();
  });

  it('makes the sandbox user the panel would, when the browser has none', async () => {
    const asked = runScript({ '/sandbox/alipay/auth-code': [200, { authCode: 'code-1' }], '/api/v1/auth/login': [200, LOGIN] });
    await held()!.reply;
    const user = localStorage.getItem('cb.sandbox.user')!;
    expect(user).toMatch(/^h5-[0-9a-z]+$/);
    expect(asked[0]).toBe(`POST /sandbox/alipay/auth-code {"user":"${user}"}`);
  });

  it('asks for /me with a kept session, and the app uses that answer', async () => {
    localStorage.setItem('cb.token', JSON.stringify({ data: 'kept' }));
    storage.set('cb.token', 'kept');
    const asked = runScript({ '/api/v1/me': [200, ME] });
    expect(asked).toEqual(['GET /api/v1/me  Bearer kept']);
    warmUpSession();
    await expect(api.me()).resolves.toEqual(ME);
    expect(request).not.toHaveBeenCalled();
  });

  it('signs in again itself when the kept session was refused', async () => {
    localStorage.setItem('cb.token', JSON.stringify({ data: 'stale' }));
    storage.set('cb.token', 'stale');
    runScript({ '/api/v1/me': [401, { error: { code: 'AUTH_INVALID', message: 'expired' } }] });
    request.mockImplementationOnce(() => Promise.resolve({ statusCode: 200, data: { ...LOGIN, token: 'fresh' }, header: {} }));
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ authCode: 'code-2' }))));
    warmUpSession();
    await expect(api.me()).resolves.toEqual(ME);
    // The refused token is not sent again: one sign-in, whose answer carries /me.
    expect(request.mock.calls.map(([options]) => options.url)).toEqual(['/api/v1/auth/login']);
    expect(storage.get('cb.token')).toBe('fresh');
  });

  it("answers the early sign-in's refusal as the contract error, with its wait", async () => {
    runScript({ '/sandbox/alipay/auth-code': [200, { authCode: 'code-1' }], '/api/v1/auth/login': [429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }] });
    const failure = await signIn().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 30 });
    expect(request).not.toHaveBeenCalled();
  });

  it('signs in itself when the early request came to nothing', async () => {
    runScript({});
    expect(await held()!.reply).toBeNull();
    request.mockImplementationOnce(() => Promise.resolve({ statusCode: 200, data: LOGIN, header: {} }));
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ authCode: 'code-3' }))));
    await expect(signIn()).resolves.toMatchObject({ token: 'early-token' });
    expect(request.mock.calls[0][0]).toMatchObject({ url: '/api/v1/auth/login', data: { authCode: 'code-3' } });
  });

  it('asks again itself when the early answer came without a readable body', async () => {
    runScript({ '/sandbox/alipay/auth-code': [200, { authCode: 'code-1' }] });
    (window as unknown as Record<string, unknown>)[GLOBAL] = { kind: 'login', reply: Promise.resolve({ status: 200, body: null, retryAfter: null }) };
    request.mockImplementationOnce(() => Promise.resolve({ statusCode: 200, data: LOGIN, header: {} }));
    await expect(signIn()).resolves.toMatchObject({ token: 'early-token' });
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('starts nothing after a sign-out or on another page than Home', () => {
    localStorage.setItem('cb.signedOut', JSON.stringify({ data: '1' }));
    expect(runScript({})).toEqual([]);
    expect(held()).toBeUndefined();
    localStorage.clear();
    window.location.hash = '#/packages/ops/pages/console/index';
    expect(runScript({})).toEqual([]);
    expect(held()).toBeUndefined();
  });
});

describe("the early-session script's text", () => {
  it('cannot be ended early by a setting that holds a closing tag', () => {
    const text = earlySessionScript(earlySessionSettings('https://api.example/</script><script>alert(1)</script>'));
    expect(text).not.toContain('</script>');
    expect(text).toContain('https://api.example/\\u003c/script>');
  });
});
