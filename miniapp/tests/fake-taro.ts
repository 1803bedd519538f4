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
