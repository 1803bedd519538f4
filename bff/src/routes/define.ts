import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import type { ApiRoute } from '@calorie-bank/shared';
import { parseWith } from '../http/validate.js';
import { idParam } from './params.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<R extends ApiRoute> {
  body: Parsed<R['body']>;
  query: Parsed<R['query']>;
}

/**
 * Mounts a contract route: the path's ids and the shared schemas' body and query are validated
 * before the handler runs, and the handler's answer is typed by the route's response schema.
 */
export function mount<R extends ApiRoute>(
  router: Router,
  route: R,
  middleware: Middleware[],
  handler: (ctx: Context, input: RouteInput<R>) => Promise<z.output<R['response']>>,
): void {
  const params = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
  const endpoint: Middleware = async (ctx) => {
    // Every path parameter of the contract is an id; one that is not answers before any use.
    for (const name of params) idParam(ctx, name);
    const input = {
      body: route.body ? parseWith(route.body, ctx.request.body, 'body') : undefined,
      query: route.query ? parseWith(route.query, ctx.query, 'query') : undefined,
    } as RouteInput<R>;
    ctx.body = await handler(ctx, input);
    ctx.status = route.status ?? 200;
  };
  router.register(route.path, [route.method], [...middleware, endpoint], { name: route.path });
}
