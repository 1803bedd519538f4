import type { z } from 'zod';
import { ErrorResponse } from './schemas/common.js';
import { DailyLeaderboardQuery, DailyLeaderboardResponse } from './schemas/leaderboards.js';
import { StepSyncRequest, StepSyncResponse } from './schemas/steps.js';
import { LoginRequest, LoginResponse, MeResponse, UpdateProfileRequest } from './schemas/users.js';
import { WalletTransactionsQuery, WalletTransactionsResponse } from './schemas/wallet.js';
import type { ErrorCode } from './errors.js';

/**
 * One entry per endpoint of `/api/v1`: the BFF validates with these schemas, the mini-program's
 * client is typed by them, and the OpenAPI document is generated from them.
 */
export interface ApiRoute {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Path below `/api/v1`, with `:param` placeholders. */
  path: string;
  summary: string;
  tag: string;
  /** Whether a user's bearer token is required. */
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Error codes this endpoint answers besides the ones every endpoint may answer. */
  errors?: ErrorCode[];
}

function route<const R extends ApiRoute>(definition: R): R {
  return definition;
}

export const API_ROUTES = {
  login: route({
    method: 'post',
    path: '/auth/login',
    tag: 'users',
    summary: 'Exchange the super-app auth code (Alipay `authCode`, WeChat `code`) for a session token',
    auth: false,
    body: LoginRequest,
    response: LoginResponse,
    errors: ['AUTH_INVALID', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
  }),
  me: route({
    method: 'get',
    path: '/me',
    tag: 'users',
    summary: "The signed-in user, their wallet and today's steps",
    auth: true,
    response: MeResponse,
  }),
  updateProfile: route({
    method: 'patch',
    path: '/me/profile',
    tag: 'users',
    summary: 'Change nickname or the weight used by the calorie rule',
    auth: true,
    body: UpdateProfileRequest,
    response: MeResponse,
  }),
  syncSteps: route({
    method: 'post',
    path: '/steps/sync',
    tag: 'steps',
    summary: "Credit a day's steps from the platform's signed step data",
    auth: true,
    body: StepSyncRequest,
    response: StepSyncResponse,
    errors: [
      'PLATFORM_SIGNATURE_INVALID',
      'PLATFORM_PAYLOAD_INVALID',
      'STEP_DATE_OUT_OF_WINDOW',
      'STEPS_IMPLAUSIBLE',
      'USER_FROZEN',
      'RATE_LIMITED',
    ],
  }),
  walletTransactions: route({
    method: 'get',
    path: '/wallet/transactions',
    tag: 'wallet',
    summary: "The user's coin history, newest first, one page at a time",
    auth: true,
    query: WalletTransactionsQuery,
    response: WalletTransactionsResponse,
  }),
  dailyLeaderboard: route({
    method: 'get',
    path: '/leaderboards/daily',
    tag: 'leaderboards',
    summary: "A day's ranking by steps, with the caller's own place",
    auth: true,
    query: DailyLeaderboardQuery,
    response: DailyLeaderboardResponse,
    errors: ['NOT_FOUND'],
  }),
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;
export type RouteBody<R extends ApiRoute> = R['body'] extends z.ZodType ? z.input<R['body']> : never;
export type RouteQuery<R extends ApiRoute> = R['query'] extends z.ZodType ? z.input<R['query']> : never;
export type RouteResponse<R extends ApiRoute> = z.output<R['response']>;

export { ErrorResponse };
