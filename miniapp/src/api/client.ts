import Taro from '@tarojs/taro';
import type { API_ROUTES, RouteBody, RouteResponse } from '@calorie-bank/shared/api';
import { createApiCaller, PATH_PARAM_NAMES, type ApiReply, type ApiRequest } from '@calorie-bank/shared/client';
import { ERROR_MESSAGES } from '../i18n/error-messages';
import { t } from '../i18n/messages';
import { u } from '../i18n/ux';
import { platform, StepAccessError } from '../platform';
import { ApiError, replyOf } from './api-error';
import { earlyReply } from './early-session';
import { STORAGE_KEYS } from '../../config/storage-keys';

export { ApiError, type FieldProblem } from './api-error';

declare const API_BASE: string;

const { token: TOKEN_KEY, staffToken: STAFF_TOKEN_KEY, staffRole: STAFF_ROLE_KEY, signedOut: SIGNED_OUT_KEY } = STORAGE_KEYS;

type Routes = typeof API_ROUTES;
export type MeAnswer = RouteResponse<Routes['me']>;
export type AvatarAnswer = RouteResponse<Routes['uploadAvatar']>;
export type SyncAnswer = RouteResponse<Routes['syncSteps']>;
export type BoardAnswer = RouteResponse<Routes['dailyLeaderboard']>;
export type HistoryAnswer = RouteResponse<Routes['walletTransactions']>;
export type LoginAnswer = RouteResponse<Routes['login']>;
export type OffersAnswer = RouteResponse<Routes['listOffers']>;
export type OfferAnswer = RouteResponse<Routes['getOffer']>;
export type RedeemAnswer = RouteResponse<Routes['redeemOffer']>;
export type VouchersAnswer = RouteResponse<Routes['listVouchers']>;
export type VoucherAnswer = RouteResponse<Routes['getVoucher']>;
export type StaffLoginAnswer = RouteResponse<Routes['staffLogin']>;
export type MerchantStatsAnswer = RouteResponse<Routes['merchantStats']>;
export type CampaignsAnswer = RouteResponse<Routes['activeCampaigns']>;
export type CommunitiesAnswer = RouteResponse<Routes['listCommunities']>;
export type CommunityAnswer = RouteResponse<Routes['getCommunity']>;
export type EventsAnswer = RouteResponse<Routes['communityEvents']>;
export type EventAnswer = RouteResponse<Routes['signUpForEvent']>;
export type CheckInAnswer = RouteResponse<Routes['checkInAtEvent']>;
export type Community = CommunityAnswer['community'];
export type CommunityEvent = EventAnswer['event'];
export type Offer = OfferAnswer['offer'];
export type Voucher = VouchersAnswer['items'][number];

/** The sentence to show a user for any failure. */
export function messageFor(error: unknown): string {
  if (error instanceof StepAccessError) {
    if (error.problem === 'denied') return t.stepDenied;
    if (error.problem === 'unavailable') return t.stepUnavailable;
    if (error.problem === 'network') return t.network;
    return t.unknownError;
  }
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t.network;
    // A wait the BFF named is worth more than "later".
    if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds) return u.tooMany(error.retryAfterSeconds);
    // A refused id in the path came from a link, not from anything the user typed.
    if (error.code === 'VALIDATION_FAILED' && error.details.length > 0 && error.details.every((problem) => PATH_PARAM_NAMES.has(problem.path))) return t.badLink;
    return ERROR_MESSAGES[error.code] ?? error.message ?? t.unknownError;
  }
  return t.unknownError;
}

export function storedToken(): string | null {
  return (Taro.getStorageSync(TOKEN_KEY) as string) || null;
}

/** Drops the session for good: until `signIn()` is called, user routes answer AUTH_REQUIRED instead of signing in again. */
export function signOut(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.setStorageSync(SIGNED_OUT_KEY, '1');
}

export function isSignedOut(): boolean {
  return Boolean(Taro.getStorageSync(SIGNED_OUT_KEY));
}

/** Whether `error` is the answer of a user route after the user signed out. */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'AUTH_REQUIRED' && isSignedOut();
}

/** One request over Taro.request with `token`; a failure is an ApiError, NETWORK when no answer came. */
async function send(request: ApiRequest, token: string | null): Promise<ApiReply> {
  let response: Taro.request.SuccessCallbackResult<Record<string, unknown>>;
  try {
    response = await Taro.request({
      url: `${API_BASE}/api/v1${request.path}`,
      method: request.method,
      data: request.body as Record<string, unknown> | undefined,
      header: { 'content-type': 'application/json', ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      dataType: 'json',
    });
  } catch (error) {
    throw new ApiError('NETWORK', String((error as { errMsg?: string }).errMsg ?? error));
  }
  const header = response.header as Record<string, string | undefined> | undefined;
  return replyOf(response.statusCode, response.data, header?.['retry-after'] ?? header?.['Retry-After'] ?? null);
}

const isSessionError = (error: unknown) => error instanceof ApiError && (error.code === 'AUTH_INVALID' || error.code === 'AUTH_REQUIRED');

/** As the signed-in user, signing in first if needed and once more if the session expired. */
async function sendAsUser(request: ApiRequest): Promise<ApiReply> {
  let token = storedToken();
  if (!token && isSignedOut()) throw new ApiError('AUTH_REQUIRED', 'Signed out', 401);
  if (!token) token = (await signIn()).token;
  try {
    return await send(request, token);
  } catch (error) {
    if (!isSessionError(error)) throw error;
    Taro.removeStorageSync(TOKEN_KEY);
    token = (await signIn()).token;
    return send(request, token);
  }
}

/** As the signed-in staff member; a staff session that expired is signed out, and the console asks to sign in again. */
async function sendAsStaff(request: ApiRequest): Promise<ApiReply> {
  try {
    return await send(request, staffToken());
  } catch (error) {
    if (isSessionError(error)) staffSignOut();
    throw error;
  }
}

/** The whole contract, typed by it: each route goes out with the session its `auth` names. */
export const contract = createApiCaller((request) =>
  request.auth === false ? send(request, null) : request.auth === 'user' ? sendAsUser(request) : sendAsStaff(request),
);

let signingIn: Promise<LoginAnswer> | null = null;

/** Signs in through the super-app (once at a time, however many requests need it). */
export function signIn(): Promise<LoginAnswer> {
  signingIn ??= (async () => {
    try {
      const early = await earlyReply('login');
      const answer = early ? (early.body as LoginAnswer) : await contract.login({ body: await platform.loginCredential() });
      Taro.setStorageSync(TOKEN_KEY, answer.token);
      Taro.removeStorageSync(SIGNED_OUT_KEY);
      return answer;
    } finally {
      signingIn = null;
    }
  })();
  return signingIn;
}

let warmMe: Promise<MeAnswer> | null = null;

/**
 * Starts the session's first request as the app launches, while Home's code is still loading: the
 * sign-in (whose answer carries `/me`'s) for a new session, or `/me` for a kept one. Home's first
 * `api.me()` takes that answer instead of asking again.
 */
export function warmUpSession(): void {
  if (isSignedOut() || warmMe) return;
  warmMe = storedToken() ? keptSessionMe() : signIn().then((answer) => answer.me ?? contract.me());
  // Home reports a failure when it takes the answer; nothing is unhandled meanwhile.
  warmMe.catch(() => undefined);
}

/** `/me` with the kept session: the answer index.html asked for (a new sign-in if it refused the session), or a new request. */
async function keptSessionMe(): Promise<MeAnswer> {
  try {
    const early = await earlyReply('me');
    if (early) return early.body as MeAnswer;
  } catch (error) {
    if (!isSessionError(error)) throw error;
    Taro.removeStorageSync(TOKEN_KEY);
    return signIn().then((answer) => answer.me ?? contract.me());
  }
  return contract.me();
}

function takeWarmMe(): Promise<MeAnswer> | null {
  const warm = warmMe;
  warmMe = null;
  return warm;
}

/** A fresh key for one purchase; a retry of the same purchase sends the same key. */
export function newIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`;
}

export type StaffRole = StaffLoginAnswer['role'];

export function staffToken(): string | null {
  return (Taro.getStorageSync(STAFF_TOKEN_KEY) as string) || null;
}

/** The role of the signed-in staff member, or null when nobody is signed in. */
export function staffRole(): StaffRole | null {
  return staffToken() ? ((Taro.getStorageSync(STAFF_ROLE_KEY) as StaffRole) || null) : null;
}

const staffSignOutListeners = new Set<() => void>();

/** Calls `listener` whenever the staff session ends; answers a function that stops listening. */
export function onStaffSignOut(listener: () => void): () => void {
  staffSignOutListeners.add(listener);
  return () => {
    staffSignOutListeners.delete(listener);
  };
}

export function staffSignOut(): void {
  Taro.removeStorageSync(STAFF_TOKEN_KEY);
  Taro.removeStorageSync(STAFF_ROLE_KEY);
  for (const listener of staffSignOutListeners) listener();
}

/** Every item of a paged list, page after page: for screens that show a short list whole. */
async function everyPage<T>(fetchPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor?: string | null }>): Promise<{ items: T[] }> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return { items };
}

export const staffApi = {
  async login(username: string, password: string) {
    const answer = await contract.staffLogin({ body: { username, password } });
    Taro.setStorageSync(STAFF_TOKEN_KEY, answer.token);
    Taro.setStorageSync(STAFF_ROLE_KEY, answer.role);
    return answer;
  },
  offers: () => everyPage((cursor) => contract.merchantOffers({ query: { limit: 100, cursor } })),
  createOffer: (offer: RouteBody<Routes['createOffer']>) => contract.createOffer({ body: offer }),
  updateOffer: (id: string, changes: RouteBody<Routes['updateOffer']>) => contract.updateOffer({ params: { id }, body: changes }),
  submitOffer: (id: string) => contract.submitOffer({ params: { id } }),
  markVoucherUsed: (code: string) => contract.markVoucherUsed({ body: { code } }),
  stats: () => contract.merchantStats(),
  todaysVouchers: () => everyPage((cursor) => contract.merchantVouchers({ query: { limit: 100, cursor } })),
  refund: (voucherId: string) => contract.merchantRefundVoucher({ params: { id: voucherId } }),
};

export const api = {
  /** The first call of a session signs in, and the login answer carries `/me`'s answer: no second round trip before Home has content. */
  me: async (): Promise<MeAnswer> => {
    const warm = takeWarmMe();
    if (warm) return warm;
    if (!storedToken() && !isSignedOut()) {
      const answer = await signIn();
      if (answer.me) return answer.me;
    }
    return contract.me();
  },
  updateProfile: (changes: RouteBody<Routes['updateProfile']>) => contract.updateProfile({ body: changes }),
  syncSteps: (body: RouteBody<Routes['syncSteps']>) => contract.syncSteps({ body }),
  walletTransactions: (cursor: string | null, limit = 20) => contract.walletTransactions({ query: { limit, cursor } }),
  offers: (cursor: string | null) => contract.listOffers({ query: { limit: 20, cursor } }),
  offer: (id: string) => contract.getOffer({ params: { id } }),
  redeem: (id: string, idempotencyKey: string) => contract.redeemOffer({ params: { id }, headers: { 'Idempotency-Key': idempotencyKey } }),
  vouchers: (cursor: string | null) => contract.listVouchers({ query: { limit: 20, cursor } }),
  voucher: (id: string) => contract.getVoucher({ params: { id } }),
  leaderboard: (date: string, limit = 1000, scope = 'global') => contract.dailyLeaderboard({ query: { date, limit, scope } }),
  campaigns: () => contract.activeCampaigns(),
  communities: (cursor: string | null, joined = false) => contract.listCommunities({ query: { limit: 20, joined: joined ? '1' : null, cursor } }),
  community: (id: string) => contract.getCommunity({ params: { id } }),
  joinCommunity: (id: string) => contract.joinCommunity({ params: { id } }),
  leaveCommunity: (id: string) => contract.leaveCommunity({ params: { id } }),
  events: (communityId: string) => contract.communityEvents({ params: { id: communityId } }),
  signUp: (eventId: string) => contract.signUpForEvent({ params: { id: eventId } }),
  cancelSignUp: (eventId: string) => contract.cancelEventSignUp({ params: { id: eventId } }),
  checkIn: (eventId: string, code: string) => contract.checkInAtEvent({ params: { id: eventId }, body: { code } }),
  visits: (cursor: string | null, limit = 20) => contract.listVisits({ query: { limit, cursor } }),
};
