import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, fillPath, pathParamNames, type ApiAuth, type ApiRoute } from '@calorie-bank/shared';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';

const backends = await storageBackends();

type Caller = 'nobody' | 'user' | 'merchant' | 'operator';
type Outcome = 'passes' | 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'FORBIDDEN';

/**
 * What the guard of a route declared `auth` answers each caller. A staff token is no user session
 * (AUTH_INVALID, so the mini-program signs in again); a known caller of the wrong kind is FORBIDDEN.
 */
function expected(auth: ApiAuth, caller: Caller): Outcome {
  if (auth === false || auth === caller) return 'passes';
  if (caller === 'nobody') return 'AUTH_REQUIRED';
  if (auth === 'user') return 'AUTH_INVALID';
  return 'FORBIDDEN';
}

const CALLERS: Caller[] = ['nobody', 'user', 'merchant', 'operator'];
const ROUTES = Object.entries(API_ROUTES) as [string, ApiRoute][];
/** Each route with each caller, named for the report. */
const CASES = ROUTES.flatMap(([name, route]) => CALLERS.map((caller) => ({ name, route, caller, outcome: expected(route.auth, caller) })));

describe.each(backends)('every contract route is guarded as declared, on %s', (backend, available) => {
  let server: TestServer;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    tokens.operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    tokens.merchant = (await createMerchant(server, tokens.operator, '守门咖啡')).token;
    tokens.user = (await signIn(server, 'guarded')).token;
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available).each(CASES)('$name ($route.auth) called by $caller: $outcome', async ({ route, caller, outcome }) => {
    // An id that names nothing: a request the guard lets in ends in the handler, never in a change.
    const path = fillPath(route.path, Object.fromEntries(pathParamNames(route.path).map((param) => [param, '999999'])));
    const answer = await call(server, route.method.toUpperCase(), `/api/v1${path}`, { token: caller === 'nobody' ? undefined : tokens[caller] });
    if (outcome === 'passes') {
      expect(answer.status).not.toBe(401);
      expect(answer.status).not.toBe(403);
      expect(answer.status).toBeLessThan(500);
    } else {
      expect(answer.body.error.code).toBe(outcome);
      expect(answer.status).toBe(outcome === 'FORBIDDEN' ? 403 : 401);
    }
  });

  it.skipIf(!available)('names every kind of caller the contract has', () => {
    expect(new Set(ROUTES.map(([, route]) => route.auth))).toEqual(new Set([false, 'user', 'merchant', 'operator']));
  });
});
