/**
 * Taro with storage in a map and requests answered by a test's function, for tests of code that
 * runs the real API client. Used from a `vi.mock('@tarojs/taro', …)` factory, which may only
 * import dynamically:
 *
 *   vi.mock('@tarojs/taro', async (original) => (await import('./fake-taro')).fakeTaro(await original(), storage, request));
 */
export function fakeTaro(original: { default: object }, storage: Map<string, unknown>, request: (options: never) => unknown) {
  return {
    ...original,
    default: {
      ...original.default,
      request,
      getStorageSync: (key: string) => storage.get(key) ?? '',
      setStorageSync: (key: string, value: unknown) => storage.set(key, value),
      removeStorageSync: (key: string) => storage.delete(key),
    },
  };
}

type Bff = (method: string, path: string, body: unknown, header: Record<string, string>) => Promise<unknown>;

/**
 * `fakeTaro` whose requests `bff(method, path below /api/v1, body, header)` answers with
 * `[status, data]`, with other Taro APIs (a confirm dialog…) replaced by `extra`.
 */
export function fakeTaroWithBff(original: { default: object }, storage: Map<string, unknown>, bff: Bff, extra: Record<string, unknown> = {}) {
  const taro = fakeTaro(original, storage, (async (options: { url: string; method: string; data?: unknown; header: Record<string, string> }) => {
    const [status, data] = (await bff(options.method, options.url.replace('/api/v1', ''), options.data, options.header)) as [number, unknown];
    return { statusCode: status, data, header: {}, errMsg: 'request:ok' };
  }) as never);
  return { ...taro, default: { ...taro.default, ...extra } };
}

/** Storage as it is once a staff member of `role` has signed in. */
export function staffSignedIn(storage: Map<string, unknown>, role: 'merchant' | 'operator') {
  storage.clear();
  storage.set('cb.staff.token', `${role}-token`);
  storage.set('cb.staff.role', role);
}

/** A refusal as the BFF answers it, `[status, body]`, its message the code. */
export function refusal(status: number, code: string, details?: { path: string; message: string }[]) {
  return [status, { error: { code, message: code, details } }];
}

/**
 * Makes `bff` answer `routes['METHOD /path']` (the path without its query), the client
 * configuration as unavailable (the business time zone then falls back on the contract's default,
 * Asia/Shanghai), and anything else with 404.
 */
export function answerRoutes(bff: { mockImplementation(fn: Bff): unknown }, routes: Record<string, (body: unknown) => unknown>) {
  bff.mockImplementation(async (method, path, body) => {
    const route = routes[`${method} ${path.split('?')[0]}`];
    if (route) return route(body);
    if (path === '/config/client') return refusal(503, 'SERVICE_UNAVAILABLE');
    return refusal(404, 'NOT_FOUND');
  });
}
