import type { RunDataOptions } from '@calorie-bank/bff';
import { ApiCallError, apiRequest, createApiCaller, type API_ROUTES, type ApiCaller, type ApiRequest, type ApiRouteName, type CallInput } from '@calorie-bank/shared';
import type { TestServer } from './harness.js';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the BFF over HTTP like the mini-program does: any method, path, header or raw body, for tests of what the contract refuses. */
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

function send(server: { url: string }, request: ApiRequest, token?: string): Promise<ApiAnswer> {
  return call(server, request.method, `/api/v1${request.path}`, { token, body: request.body, headers: request.headers });
}

/** A contract call typed by the contract, answered whatever its status, so that a test can assert a refusal too. */
export function callRoute<K extends ApiRouteName>(
  server: { url: string },
  name: K,
  { token, ...input }: CallInput<(typeof API_ROUTES)[K]> & { token?: string },
): Promise<ApiAnswer> {
  // The input is typed by this function's signature; apiRequest's generic one cannot see through the token taken out of it.
  return send(server, (apiRequest as (route: ApiRouteName, input: unknown) => ApiRequest)(name, input), token);
}

/** The typed caller of the contract as the holder of `token` (or nobody): typed answers, and an ApiCallError for a refusal. */
export function apiAs(server: { url: string }, token?: string): ApiCaller {
  return createApiCaller((request) => send(server, request, token));
}

/** Awaits a set-up call; a refusal fails the test with `what`, the status and the answer, e.g. `login failed: 429 {…}`. */
export async function orFail<T>(what: string, answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof ApiCallError) throw new Error(`${what} failed: ${error.status} ${JSON.stringify(error.body)}`);
    throw error;
  }
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
    server.config.platform === 'alipay' ? { authCode: sandbox.issueAlipayAuthCode(name) } : { code: await sandbox.issueWechatLoginCode(name) };
  const answer = await orFail('login', apiAs(server).login({ body }));
  return { name, id: answer.user.id, token: answer.token };
}

/** The body the mini-program sends after `my.getRunData` (Alipay) for a sandbox count. */
export function alipaySyncBody(server: TestServer, options: Partial<RunDataOptions> & { count: unknown }) {
  const countDate = options.countDate ?? server.clock.today;
  return { countDate, response: server.sandbox!.runDataResponse({ ...options, countDate }) };
}

export async function syncSteps(server: TestServer, user: TestUser, steps: number, date = server.clock.today) {
  return callRoute(server, 'syncSteps', { token: user.token, body: alipaySyncBody(server, { countDate: date, count: String(steps) }) });
}
