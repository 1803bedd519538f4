import type { z } from 'zod';
import type { API_ROUTES, ApiAuth, ApiRoute, ApiRouteName, RouteResponse } from '../api.js';
import type { ErrorBody, ErrorCode } from '../errors.js';
import { fillPath, pathParamNames, type PathParamName, type PathParams } from '../paths.js';
import { API_ENDPOINTS } from './endpoints.js';

type Routes = typeof API_ROUTES;

/** Every name a contract path gives a parameter (`id`, `slotId`…): what a refused link names. */
export const PATH_PARAM_NAMES: ReadonlySet<string> = new Set(Object.values(API_ENDPOINTS).flatMap((endpoint) => pathParamNames(endpoint.path)));

/** True when every property of `T` may be left out. */
type AllOptional<T> = Partial<T> extends T ? true : false;

/** A query as the caller writes it: the parsed types of the schema (numbers as numbers); null or undefined leaves a parameter out. */
export type QueryInput<S extends z.ZodType> = { [K in keyof z.input<S>]: (K extends keyof z.output<S> ? z.output<S>[K] : never) | null };

type ParamsPart<R extends ApiRoute> = [PathParamName<R['path']>] extends [never] ? { params?: undefined } : { params: PathParams<R['path']> };
type QueryPart<R extends ApiRoute> = R['query'] extends z.ZodType
  ? AllOptional<QueryInput<R['query']>> extends true
    ? { query?: QueryInput<R['query']> }
    : { query: QueryInput<R['query']> }
  : { query?: undefined };
type BodyPart<R extends ApiRoute> = R['body'] extends z.ZodType
  ? undefined extends z.input<R['body']>
    ? { body?: z.input<R['body']> }
    : { body: z.input<R['body']> }
  : { body?: undefined };
type HeadersPart<R extends ApiRoute> = R extends { headers: readonly { name: infer Name extends string }[] }
  ? { headers: Record<Name, string> }
  : { headers?: undefined };

/** What a call of route `R` takes: its path parameters, query, body and required headers, typed by the contract. */
export type CallInput<R extends ApiRoute> = ParamsPart<R> & QueryPart<R> & BodyPart<R> & HeadersPart<R>;

/** The arguments of a call: the input may be left out when nothing in it is required. */
export type CallArgs<R extends ApiRoute> = AllOptional<CallInput<R>> extends true ? [input?: CallInput<R>] : [input: CallInput<R>];

/** One HTTP request of the contract, for a transport to send. */
export interface ApiRequest {
  /** The contract entry, and whose token it needs (a transport picks the session by it). */
  route: ApiRouteName;
  auth: ApiAuth;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Below `/api/v1`: the path with its parameters filled in, then the query string if any. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The JSON body, when the call has one. */
  body?: unknown;
}

/** What came back: the status and the parsed JSON body. */
export interface ApiReply {
  status: number;
  body: unknown;
}

/** Sends a request (fetch, Taro.request, …) and answers the reply; the caller itself does no I/O. */
export type ApiTransport = (request: ApiRequest) => Promise<ApiReply>;

/** An answer of status 400 or more, with the contract's error code. */
export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;
  /** The whole answer, as the BFF sent it. */
  readonly body: unknown;

  constructor(reply: ApiReply) {
    const error = (reply.body as Partial<ErrorBody> | null)?.error;
    super(error?.message ?? `HTTP ${reply.status}`);
    this.name = 'ApiCallError';
    this.code = error?.code ?? 'INTERNAL';
    this.status = reply.status;
    this.details = error?.details;
    this.body = reply.body;
  }
}

/** `?a=1&b=2` from the parameters that have a value, in the order given; '' when none has. */
function queryString(query: Record<string, unknown> | undefined): string {
  const pairs = Object.entries(query ?? {}).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`).join('&')}`;
}

/** The HTTP request of one contract call, built from the contract's method, path and auth. */
export function apiRequest<K extends ApiRouteName>(name: K, ...[input]: CallArgs<Routes[K]>): ApiRequest {
  const endpoint = API_ENDPOINTS[name];
  const { params, query, body, headers } = (input ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: unknown;
    headers?: Record<string, string>;
  };
  return {
    route: name,
    auth: endpoint.auth,
    method: endpoint.method.toUpperCase() as ApiRequest['method'],
    path: `${fillPath(endpoint.path, params ?? {})}${queryString(query)}`,
    headers: Object.fromEntries(Object.entries(headers ?? {}).map(([key, value]) => [key.toLowerCase(), value])),
    ...(body === undefined ? {} : { body }),
  };
}

/** One method per contract route, named as in `API_ROUTES`, answering the route's response type. */
export type ApiCaller = { [K in ApiRouteName]: (...args: CallArgs<Routes[K]>) => Promise<RouteResponse<Routes[K]>> };

/**
 * The typed caller of the whole contract over `transport`. A reply of status 400 or more throws
 * an `ApiCallError` (a transport may throw its own error first). Answers are typed, not parsed.
 */
export function createApiCaller(transport: ApiTransport): ApiCaller {
  const call = async (name: ApiRouteName, input: unknown) => {
    const reply = await transport(apiRequest(name, ...([input] as CallArgs<Routes[typeof name]>)));
    if (reply.status >= 400) throw new ApiCallError(reply);
    return reply.body;
  };
  return Object.fromEntries(
    (Object.keys(API_ENDPOINTS) as ApiRouteName[]).map((name) => [name, (input?: unknown) => call(name, input)]),
  ) as unknown as ApiCaller;
}
