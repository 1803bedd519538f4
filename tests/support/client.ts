import type { RunDataOptions } from '@calorie-bank/bff';
import type { TestServer } from './harness.js';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the BFF over HTTP like the mini-program does. */
export async function call<T = any>(
  server: { url: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Prometheus text and the like stay strings.
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export interface TestUser {
  name: string;
  id: string;
  token: string;
}

/** Signs a sandbox user in through the platform's real login flow (auth code → gateway → token). */
export async function signIn(server: TestServer, name: string): Promise<TestUser> {
  const sandbox = server.sandbox!;
  const body =
    server.config.platform === 'alipay' ? { authCode: sandbox.issueAlipayAuthCode(name) } : { code: sandbox.issueWechatLoginCode(name) };
  const answer = await call(server, 'POST', '/api/v1/auth/login', { body });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { name, id: answer.body.user.id, token: answer.body.token };
}

/** The body the mini-program sends after `my.getRunData` (Alipay) for a sandbox count. */
export function alipaySyncBody(server: TestServer, options: Partial<RunDataOptions> & { count: unknown }) {
  const countDate = options.countDate ?? server.clock.today;
  return { countDate, response: server.sandbox!.runDataResponse({ ...options, countDate }) };
}

export async function syncSteps(server: TestServer, user: TestUser, steps: number, date = server.clock.today) {
  return call(server, 'POST', '/api/v1/steps/sync', {
    token: user.token,
    body: alipaySyncBody(server, { countDate: date, count: String(steps) }),
  });
}
