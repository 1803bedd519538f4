import { beforeEach, describe, expect, it, vi } from 'vitest';

const storage = vi.hoisted(() => new Map<string, unknown>());
const request = vi.hoisted(() => vi.fn());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaro(await importOriginal(), storage, (options) => request(options)));

const { api, ApiError, messageFor } = await import('../src/api/client');

function answer(statusCode: number, data: unknown) {
  return Promise.resolve({ statusCode, data, header: {}, errMsg: 'request:ok' });
}

describe('API client', () => {
  beforeEach(() => {
    storage.clear();
    request.mockReset();
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ authCode: 'code-from-sandbox' }))));
  });

  it('signs in through the platform first and keeps the token', async () => {
    request
      .mockImplementationOnce(() => answer(200, { token: 'token-1', expiresAt: '2026-06-22T00:00:00Z', user: { id: '1' } }))
      .mockImplementationOnce(() => answer(200, { user: { id: '1' } }));
    await api.me();
    expect(request.mock.calls[0][0]).toMatchObject({ url: '/api/v1/auth/login', method: 'POST', data: { authCode: 'code-from-sandbox' } });
    expect(request.mock.calls[1][0]).toMatchObject({ url: '/api/v1/me', header: { authorization: 'Bearer token-1' } });
    expect(storage.get('cb.token')).toBe('token-1');
  });

  it('signs in again once when the session expired, then retries', async () => {
    storage.set('cb.token', 'stale');
    request
      .mockImplementationOnce(() => answer(401, { error: { code: 'AUTH_INVALID', message: 'expired' } }))
      .mockImplementationOnce(() => answer(200, { token: 'fresh', expiresAt: '2026-06-22T00:00:00Z', user: { id: '1' } }))
      .mockImplementationOnce(() => answer(200, { user: { id: '1' } }));
    await expect(api.me()).resolves.toEqual({ user: { id: '1' } });
    expect(request.mock.calls.map(([options]) => options.url)).toEqual(['/api/v1/me', '/api/v1/auth/login', '/api/v1/me']);
    expect(request.mock.calls[2][0].header.authorization).toBe('Bearer fresh');
  });

  it('does not loop when the fresh session is refused too', async () => {
    storage.set('cb.token', 'stale');
    request
      .mockImplementationOnce(() => answer(401, { error: { code: 'AUTH_INVALID', message: 'expired' } }))
      .mockImplementationOnce(() => answer(200, { token: 'fresh', expiresAt: '2026-06-22T00:00:00Z', user: { id: '1' } }))
      .mockImplementationOnce(() => answer(403, { error: { code: 'USER_FROZEN', message: 'frozen' } }));
    const failure = await api.me().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(messageFor(failure)).toBe('账户已被冻结，请联系客服。');
    expect(request).toHaveBeenCalledTimes(3);
  });

  it('reports an unreachable BFF as a network problem', async () => {
    storage.set('cb.token', 'token');
    request.mockImplementationOnce(() => Promise.reject({ errMsg: 'request:fail' }));
    const failure = await api.me().catch((error: unknown) => error);
    expect((failure as InstanceType<typeof ApiError>).code).toBe('NETWORK');
    expect(messageFor(failure)).toBe('网络不太好，请检查网络后重试。');
  });

  it("says a refused id in the path is a broken link, and a refused field is the form's", () => {
    const link = new ApiError('VALIDATION_FAILED', 'The id in the path must be a positive decimal id', 400, [{ path: 'id', message: 'x' }]);
    expect(messageFor(link)).toBe('链接有误，找不到要打开的内容。');
    const form = new ApiError('VALIDATION_FAILED', 'bad', 400, [{ path: 'id', message: 'x' }, { path: 'title', message: 'y' }]);
    expect(messageFor(form)).toBe('有内容填写不对，请按红字提示修改后再提交。');
  });
});
