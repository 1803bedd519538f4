import type { z } from 'zod';
import { ErrorResponse } from './schemas/common.js';
import { DailyLeaderboardQuery, DailyLeaderboardResponse } from './schemas/leaderboards.js';
import { StepSyncRequest, StepSyncResponse } from './schemas/steps.js';
import { AvatarResponse, LoginRequest, LoginResponse, MeResponse, UpdateProfileRequest } from './schemas/users.js';
import { WalletTransactionsQuery, WalletTransactionsResponse } from './schemas/wallet.js';
import {
  VoucherResponse,
  OfferResponse,
  OffersQuery,
  VouchersQuery,
  OffersResponse,
  RedeemRequest,
  RedeemResponse,
  VouchersResponse,
} from './schemas/offers.js';
import { UserCampaignsResponse } from './schemas/campaigns.js';
import {
  CommunitiesQuery,
  CommunitiesResponse,
  CommunityEventResponse,
  CommunityEventsResponse,
  CommunityResponse,
  EventCheckInRequest,
  EventCheckInResponse,
} from './schemas/communities.js';
import { ClientConfigResponse } from './schemas/config.js';
import { LIKES_MEDIA_EVENT_ROUTES } from './api-likes-media-events.js';
import { MERCHANT_ROUTES } from './api-merchant.js';
import { OPS_ROUTES } from './api-ops.js';
import { VENUE_ROUTES } from './api-venues.js';
import { POST_ROUTES } from './api-posts.js';
import { MODERATION_ROUTES } from './api-moderation.js';
import { CONTENT_ROUTES } from './api-content.js';
import { route, type ApiRoute } from './api-route.js';

/** Every endpoint of `/api/v1`, by area (the `ApiRoute` shape is in api-route.ts). */
export const API_ROUTES = {
  clientConfig: route({
    method: 'get',
    path: '/config/client',
    tag: 'config',
    summary: "What a client needs to know of this deployment: the business time zone that defines today, the coin rules and the platform",
    auth: false,
    response: ClientConfigResponse,
  }),
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
    summary: 'Change nickname, the weight used by the calorie rule, or the avatar (the url of an image uploaded here, or null)',
    auth: 'user',
    body: UpdateProfileRequest,
    response: MeResponse,
  }),
  uploadAvatar: route({
    method: 'post',
    path: '/me/avatar',
    tag: 'users',
    summary: "Upload the caller's avatar as multipart/form-data (field `file`): JPEG, PNG or WebP, at most 2 MB and 4096 px a side; answers the user with its url",
    auth: 'user',
    response: AvatarResponse,
    file: { field: 'file', description: 'The image: JPEG, PNG or WebP by its content, at most 2 MB, 16 to 4096 px a side' },
    errors: ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
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
    body: RedeemRequest,
    response: RedeemResponse,
    status: 201,
    headers: [{ name: 'Idempotency-Key', description: 'A fresh key (a UUID) per purchase; retry with the same key to get the same answer' }],
    errors: ['NOT_FOUND', 'INSUFFICIENT_COINS', 'OUT_OF_STOCK', 'REDEEM_LIMIT_REACHED', 'OFFER_NOT_AVAILABLE', 'IDEMPOTENCY_KEY_REUSED', 'USER_FROZEN'],
  }),
  listVouchers: route({
    method: 'get',
    path: '/vouchers',
    tag: 'offers',
    summary: "The user's vouchers, newest first, one page at a time",
    auth: 'user',
    query: VouchersQuery,
    response: VouchersResponse,
  }),
  getVoucher: route({
    method: 'get',
    path: '/vouchers/:id',
    tag: 'offers',
    summary: "One of the user's vouchers, to show at the counter",
    auth: 'user',
    response: VoucherResponse,
    errors: ['NOT_FOUND'],
  }),
  activeCampaigns: route({
    method: 'get',
    path: '/campaigns',
    tag: 'campaigns',
    summary: "Today's campaigns that apply to the caller, with what each paid them today and whether its budget is spent",
    auth: 'user',
    response: UserCampaignsResponse,
  }),
  listCommunities: route({
    method: 'get',
    path: '/communities',
    tag: 'communities',
    summary: 'Interest communities, largest first; `joined=1` lists only the caller\'s',
    auth: 'user',
    query: CommunitiesQuery,
    response: CommunitiesResponse,
  }),
  getCommunity: route({ method: 'get', path: '/communities/:id', tag: 'communities', summary: 'One community', auth: 'user', response: CommunityResponse, errors: ['NOT_FOUND'] }),
  joinCommunity: route({
    method: 'post',
    path: '/communities/:id/join',
    tag: 'communities',
    summary: 'Join a community (joining twice changes nothing)',
    auth: 'user',
    response: CommunityResponse,
    errors: ['NOT_FOUND', 'COMMUNITY_LIMIT_REACHED', 'USER_FROZEN'],
  }),
  leaveCommunity: route({
    method: 'post',
    path: '/communities/:id/leave',
    tag: 'communities',
    summary: 'Leave a community; the caller leaves its boards from today',
    auth: 'user',
    response: CommunityResponse,
    errors: ['NOT_FOUND'],
  }),
  communityEvents: route({
    method: 'get',
    path: '/communities/:id/events',
    tag: 'communities',
    summary: "A community's events that have not ended, soonest first",
    auth: 'user',
    response: CommunityEventsResponse,
    errors: ['NOT_FOUND'],
  }),
  signUpForEvent: route({
    method: 'post',
    path: '/events/:id/signup',
    tag: 'communities',
    summary: 'Take a place at an event of a community the caller belongs to',
    auth: 'user',
    response: CommunityEventResponse,
    errors: ['NOT_FOUND', 'NOT_A_MEMBER', 'EVENT_FULL', 'EVENT_NOT_OPEN', 'USER_FROZEN'],
  }),
  cancelEventSignUp: route({
    method: 'post',
    path: '/events/:id/cancel',
    tag: 'communities',
    summary: 'Give a place back before the event starts',
    auth: 'user',
    response: CommunityEventResponse,
    errors: ['NOT_FOUND', 'EVENT_NOT_OPEN'],
  }),
  checkInAtEvent: route({
    method: 'post',
    path: '/events/:id/checkin',
    tag: 'communities',
    summary: 'Check in with the code shown at the event; pays the event reward while its campaign budget lasts',
    auth: 'user',
    body: EventCheckInRequest,
    response: EventCheckInResponse,
    errors: ['NOT_FOUND', 'NOT_A_MEMBER', 'EVENT_NOT_OPEN', 'CHECKIN_CODE_INVALID', 'USER_FROZEN', 'RATE_LIMITED'],
  }),
  ...MERCHANT_ROUTES,
  ...OPS_ROUTES,
  ...LIKES_MEDIA_EVENT_ROUTES,
  ...VENUE_ROUTES,
  ...POST_ROUTES,
  ...MODERATION_ROUTES,
  ...CONTENT_ROUTES,
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;
/** Whose token a route requires, or false for none. */
export type ApiAuth = ApiRoute['auth'];
export type RouteBody<R extends ApiRoute> = R['body'] extends z.ZodType ? z.input<R['body']> : never;
export type RouteQuery<R extends ApiRoute> = R['query'] extends z.ZodType ? z.input<R['query']> : never;
export type RouteResponse<R extends ApiRoute> = z.output<R['response']>;

export { ErrorResponse };
export type { ApiRoute };
