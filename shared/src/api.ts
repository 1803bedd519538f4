import type { z } from 'zod';
import { ErrorResponse } from './schemas/common.js';
import { DailyLeaderboardQuery, DailyLeaderboardResponse } from './schemas/leaderboards.js';
import { StepSyncRequest, StepSyncResponse } from './schemas/steps.js';
import { LoginRequest, LoginResponse, MeResponse, UpdateProfileRequest } from './schemas/users.js';
import { WalletTransactionsQuery, WalletTransactionsResponse } from './schemas/wallet.js';
import {
  CheckInRequest,
  CheckInResponse,
  CreateMerchantRequest,
  CreateMerchantResponse,
  CreateOfferRequest,
  MerchantStatsResponse,
  MerchantVouchersQuery,
  OfferResponse,
  OffersQuery,
  OffersResponse,
  RedeemResponse,
  RejectOfferRequest,
  StaffLoginRequest,
  StaffLoginResponse,
  UpdateOfferRequest,
  VouchersResponse,
} from './schemas/offers.js';
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
  /** Whose bearer token is required: a super-app user's, a merchant's or an operator's; false for none. */
  auth: false | 'user' | 'merchant' | 'operator';
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Request headers the endpoint requires besides Authorization. */
  headers?: { name: string; description: string }[];
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
    auth: 'user',
    response: MeResponse,
  }),
  updateProfile: route({
    method: 'patch',
    path: '/me/profile',
    tag: 'users',
    summary: 'Change nickname or the weight used by the calorie rule',
    auth: 'user',
    body: UpdateProfileRequest,
    response: MeResponse,
  }),
  syncSteps: route({
    method: 'post',
    path: '/steps/sync',
    tag: 'steps',
    summary: "Credit a day's steps from the platform's signed step data",
    auth: 'user',
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
    auth: 'user',
    query: WalletTransactionsQuery,
    response: WalletTransactionsResponse,
  }),
  dailyLeaderboard: route({
    method: 'get',
    path: '/leaderboards/daily',
    tag: 'leaderboards',
    summary: "A day's ranking by steps, with the caller's own place",
    auth: 'user',
    query: DailyLeaderboardQuery,
    response: DailyLeaderboardResponse,
    errors: ['NOT_FOUND'],
  }),
  listOffers: route({
    method: 'get',
    path: '/offers',
    tag: 'offers',
    summary: 'Live offers that coins can buy, newest first',
    auth: 'user',
    query: OffersQuery,
    response: OffersResponse,
  }),
  getOffer: route({ method: 'get', path: '/offers/:id', tag: 'offers', summary: 'One offer', auth: 'user', response: OfferResponse, errors: ['NOT_FOUND'] }),
  redeemOffer: route({
    method: 'post',
    path: '/offers/:id/redeem',
    tag: 'offers',
    summary: 'Spend coins on an offer for a voucher; send an Idempotency-Key header, and the same key returns the same result',
    auth: 'user',
    response: RedeemResponse,
    status: 201,
    headers: [{ name: 'Idempotency-Key', description: 'A fresh key (a UUID) per purchase; retry with the same key to get the same answer' }],
    errors: ['NOT_FOUND', 'INSUFFICIENT_COINS', 'OUT_OF_STOCK', 'REDEEM_LIMIT_REACHED', 'OFFER_NOT_AVAILABLE', 'IDEMPOTENCY_KEY_REUSED', 'USER_FROZEN'],
  }),
  listVouchers: route({ method: 'get', path: '/vouchers', tag: 'offers', summary: "The user's vouchers, newest first", auth: 'user', response: VouchersResponse }),
  staffLogin: route({
    method: 'post',
    path: '/staff/login',
    tag: 'staff',
    summary: 'Sign a merchant or operator in',
    auth: false,
    body: StaffLoginRequest,
    response: StaffLoginResponse,
    errors: ['AUTH_INVALID', 'RATE_LIMITED'],
  }),
  merchantOffers: route({ method: 'get', path: '/merchant/offers', tag: 'merchant', summary: "This merchant's offers", auth: 'merchant', response: OffersResponse }),
  createOffer: route({
    method: 'post',
    path: '/merchant/offers',
    tag: 'merchant',
    summary: 'Create a draft offer',
    auth: 'merchant',
    body: CreateOfferRequest,
    response: OfferResponse,
    status: 201,
  }),
  updateOffer: route({
    method: 'patch',
    path: '/merchant/offers/:id',
    tag: 'merchant',
    summary: 'Edit a draft or rejected offer, or pause, resume or end a live one',
    auth: 'merchant',
    body: UpdateOfferRequest,
    response: OfferResponse,
    errors: ['NOT_FOUND', 'OFFER_NOT_EDITABLE'],
  }),
  submitOffer: route({
    method: 'post',
    path: '/merchant/offers/:id/submit',
    tag: 'merchant',
    summary: 'Send a draft offer for review',
    auth: 'merchant',
    response: OfferResponse,
    errors: ['NOT_FOUND', 'OFFER_NOT_EDITABLE'],
  }),
  checkInVoucher: route({
    method: 'post',
    path: '/merchant/vouchers/redeem',
    tag: 'merchant',
    summary: "Mark one of this merchant's vouchers used",
    auth: 'merchant',
    body: CheckInRequest,
    response: CheckInResponse,
    errors: ['NOT_FOUND', 'VOUCHER_NOT_REDEEMABLE'],
  }),
  merchantVouchers: route({
    method: 'get',
    path: '/merchant/vouchers',
    tag: 'merchant',
    summary: "This merchant's vouchers issued on a day (default today), newest first",
    auth: 'merchant',
    query: MerchantVouchersQuery,
    response: VouchersResponse,
  }),
  merchantRefundVoucher: route({
    method: 'post',
    path: '/merchant/vouchers/:id/refund',
    tag: 'merchant',
    summary: "Cancel one of this merchant's unused vouchers: the coins go back to the user and the stock to the offer",
    auth: 'merchant',
    response: CheckInResponse,
    errors: ['NOT_FOUND', 'VOUCHER_NOT_REDEEMABLE'],
  }),
  merchantStats: route({ method: 'get', path: '/merchant/stats', tag: 'merchant', summary: "This merchant's offers, vouchers and coins", auth: 'merchant', response: MerchantStatsResponse }),
  createMerchant: route({
    method: 'post',
    path: '/ops/merchants',
    tag: 'operations',
    summary: 'Create a merchant and its first staff login',
    auth: 'operator',
    body: CreateMerchantRequest,
    response: CreateMerchantResponse,
    status: 201,
  }),
  opsRefundVoucher: route({
    method: 'post',
    path: '/ops/vouchers/:id/refund',
    tag: 'operations',
    summary: 'Cancel an unused voucher: the coins go back to the user and the stock to the offer',
    auth: 'operator',
    response: CheckInResponse,
    errors: ['NOT_FOUND', 'VOUCHER_NOT_REDEEMABLE'],
  }),
  approveOffer: route({
    method: 'post',
    path: '/ops/offers/:id/approve',
    tag: 'operations',
    summary: 'Put a pending offer live',
    auth: 'operator',
    response: OfferResponse,
    errors: ['NOT_FOUND', 'OFFER_NOT_EDITABLE'],
  }),
  rejectOffer: route({
    method: 'post',
    path: '/ops/offers/:id/reject',
    tag: 'operations',
    summary: 'Send a pending offer back with a reason',
    auth: 'operator',
    body: RejectOfferRequest,
    response: OfferResponse,
    errors: ['NOT_FOUND', 'OFFER_NOT_EDITABLE'],
  }),
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;
export type RouteBody<R extends ApiRoute> = R['body'] extends z.ZodType ? z.input<R['body']> : never;
export type RouteQuery<R extends ApiRoute> = R['query'] extends z.ZodType ? z.input<R['query']> : never;
export type RouteResponse<R extends ApiRoute> = z.output<R['response']>;

export { ErrorResponse };
