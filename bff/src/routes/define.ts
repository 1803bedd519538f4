import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import { pathParamNames, type ApiRoute, type PathParams } from '@calorie-bank/shared';
import type { Guards, Principal, PrincipalState } from '../http/auth.js';
import { JsonText } from '../http/json-text.js';
import { parseWith } from '../http/validate.js';
import { idParam } from './params.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route's handler is given: who calls, and the path, body and query checked against the contract. */
export interface RouteInput<R extends ApiRoute> {
  principal: Principal<R['auth']>;
  params: PathParams<R['path']>;
  body: Parsed<R['body']>;
  query: Parsed<R['query']>;
}

/** Middleware of one route (a rate limit), run after its guard, so it can read `ctx.state.principal`. */
export type RouteMiddleware<R extends ApiRoute> = Middleware<PrincipalState<R['auth']>>;

/** A handler answers the route's response, or the same already serialized (see JsonText). */
export type RouteHandler<R extends ApiRoute> = (input: RouteInput<R>, ctx: Context) => Promise<z.output<R['response']> | JsonText>;

export interface ContractRouter {
  router: Router;
  /**
   * Mounts a contract route: the guard its `auth` names lets the caller in, the path's ids are
   * checked, then `middleware` runs, then the shared schemas' body and query are validated, and
   * the handler's answer is typed by the route's response schema.
   */
  mount<R extends ApiRoute>(route: R, handler: RouteHandler<R>): void;
  mount<R extends ApiRoute>(route: R, middleware: RouteMiddleware<R>[], handler: RouteHandler<R>): void;
}

/** Query strings whose parsed query one route keeps; past that, the kept ones are dropped. */
const QUERIES_KEPT = 200;
/** Longer query strings are parsed every time: kept, a flood of long made-up ones would hold memory. */
const LONGEST_KEPT_QUERY = 160;

/**
 * Parses a route's query with its contract schema, keeping the result by query string: clients
 * repeat the same few (`limit=50`), and URLSearchParams and zod cost more than the rest of a
 * cached read's own work. A schema's result depends on the string alone (no schema reads the
 * clock), so a kept result is what parsing again would give; only queries that parse, and whose
 * values are all strings, numbers or booleans, are kept, and each request gets its own copy.
 */
export function queryParser<S extends z.ZodType>(schema: S): (ctx: Context) => z.output<S> {
  const known = new Map<string, object>();
  return (ctx) => {
    const text = ctx.querystring;
    const kept = known.get(text);
    if (kept !== undefined) return { ...kept } as z.output<S>;
    const parsed = parseWith(schema, ctx.query, 'query') as z.output<S>;
    if (text.length <= LONGEST_KEPT_QUERY && isFlat(parsed)) {
      if (known.size >= QUERIES_KEPT) known.clear();
      known.set(text, { ...parsed });
    }
    return parsed;
  };
}

/** An object whose values are all strings, numbers, booleans or undefined: a shallow copy is a full one. */
function isFlat(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.values(value).every((field) => typeof field !== 'object' && typeof field !== 'function');
}

/** A router for contract routes, each guarded as the contract declares. */
export function contractRouter(guards: Guards): ContractRouter {
  const router = new Router();
  function mount<R extends ApiRoute>(route: R, ...rest: [RouteHandler<R>] | [RouteMiddleware<R>[], RouteHandler<R>]): void {
    const [middleware, handler] = rest.length === 1 ? [[], rest[0]] : rest;
    const names = pathParamNames(route.path);
    const parseQuery = route.query ? queryParser(route.query) : null;
    // Every path parameter of the contract is an id; one that is not answers before any use,
    // the route's own middleware (rate limits keyed by it, say) included.
    const checkParams: Middleware = (ctx, next) => {
      for (const name of names) idParam(ctx, name);
      return next();
    };
    const endpoint: Middleware<PrincipalState<R['auth']>> = async (ctx) => {
      const params = names.length === 0 ? {} : Object.fromEntries(names.map((name) => [name, (ctx.params as Record<string, string>)[name]]));
      const body = route.body ? parseWith(route.body, ctx.request.body, 'body') : undefined;
      const query = parseQuery ? parseQuery(ctx) : undefined;
      const input = { principal: route.auth ? ctx.state.principal : null, params, body, query } as RouteInput<R>;
      const answer = await handler(input, ctx);
      if (answer instanceof JsonText) {
        ctx.type = 'application/json';
        ctx.body = answer.text;
      } else {
        ctx.body = answer;
      }
      ctx.status = route.status ?? 200;
    };
    const guard = route.auth ? [guards[route.auth]] : [];
    const checks = names.length === 0 ? [] : [checkParams];
    router.register(route.path, [route.method], [...guard, ...checks, ...middleware, endpoint] as Middleware[], { name: route.path });
  }
  return { router, mount };
}
