import Taro from '@tarojs/taro';
import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import type { ErrorCode } from '@calorie-bank/shared/errors';
import { ERROR_MESSAGES, t } from '../i18n/messages';
import { platform, StepAccessError } from '../platform';

declare const API_BASE: string;

const TOKEN_KEY = 'cb.token';
const STAFF_TOKEN_KEY = 'cb.staff.token';
const STAFF_ROLE_KEY = 'cb.staff.role';

type Routes = typeof API_ROUTES;
export type MeAnswer = RouteResponse<Routes['me']>;
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

/** A contract error answered by the BFF, or NETWORK when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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
    return ERROR_MESSAGES[error.code] ?? error.message ?? t.unknownError;
  }
  return t.unknownError;
}

export function storedToken(): string | null {
  return (Taro.getStorageSync(TOKEN_KEY) as string) || null;
}

export function signOut(): void {
  Taro.removeStorageSync(TOKEN_KEY);
}

async function send<T>(
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body: unknown,
  token: string | null,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Taro.request.SuccessCallbackResult<Record<string, unknown>>;
  try {
    response = await Taro.request({
      url: `${API_BASE}/api/v1${path}`,
      method,
      data: body as Record<string, unknown> | undefined,
      header: { 'content-type': 'application/json', ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      dataType: 'json',
    });
  } catch (error) {
    throw new ApiError('NETWORK', String((error as { errMsg?: string }).errMsg ?? error));
  }
  if (response.statusCode >= 400) {
    const answer = response.data as { error?: { code?: ErrorCode; message?: string } };
    throw new ApiError(answer?.error?.code ?? 'INTERNAL', answer?.error?.message ?? `HTTP ${response.statusCode}`, response.statusCode);
  }
  return response.data as T;
}

let signingIn: Promise<LoginAnswer> | null = null;

/** Signs in through the super-app (once at a time, however many requests need it). */
export function signIn(): Promise<LoginAnswer> {
  signingIn ??= (async () => {
    try {
      const credential = await platform.loginCredential();
      const answer = await send<LoginAnswer>('POST', '/auth/login', credential, null);
      Taro.setStorageSync(TOKEN_KEY, answer.token);
      return answer;
    } finally {
      signingIn = null;
    }
  })();
  return signingIn;
}

/** Calls the BFF as the signed-in user, signing in first if needed and once more if the session expired. */
async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  let token = storedToken();
  if (!token) token = (await signIn()).token;
  try {
    return await send<T>(method, path, body, token, headers);
  } catch (error) {
    if (!(error instanceof ApiError) || (error.code !== 'AUTH_INVALID' && error.code !== 'AUTH_REQUIRED')) throw error;
    signOut();
    token = (await signIn()).token;
    return send<T>(method, path, body, token, headers);
  }
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

/** Calls a staff route; a staff session that expired is signed out, and the console asks to sign in again. */
export async function staffCall<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  try {
    return await send<T>(method, path, body, staffToken(), headers);
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'AUTH_INVALID' || error.code === 'AUTH_REQUIRED')) staffSignOut();
    throw error;
  }
}

/** `?limit=…&cursor=…` for one page of a list. */
function pageOf(path: string, cursor: string | null, limit: number): string {
  return `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
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
    const answer = await send<StaffLoginAnswer>('POST', '/staff/login', { username, password }, null);
    Taro.setStorageSync(STAFF_TOKEN_KEY, answer.token);
    Taro.setStorageSync(STAFF_ROLE_KEY, answer.role);
    return answer;
  },
  offers: () => everyPage((cursor) => staffCall<OffersAnswer>('GET', pageOf('/merchant/offers', cursor, 100))),
  createOffer: (offer: Record<string, unknown>) => staffCall<OfferAnswer>('POST', '/merchant/offers', offer),
  updateOffer: (id: string, changes: Record<string, unknown>) => staffCall<OfferAnswer>('PATCH', `/merchant/offers/${id}`, changes),
  submitOffer: (id: string) => staffCall<OfferAnswer>('POST', `/merchant/offers/${id}/submit`),
  markVoucherUsed: (code: string) => staffCall<{ voucher: Voucher }>('POST', '/merchant/vouchers/redeem', { code }),
  stats: () => staffCall<MerchantStatsAnswer>('GET', '/merchant/stats'),
  todaysVouchers: () => everyPage((cursor) => staffCall<VouchersAnswer>('GET', pageOf('/merchant/vouchers', cursor, 100))),
  refund: (voucherId: string) => staffCall<{ voucher: Voucher }>('POST', `/merchant/vouchers/${voucherId}/refund`),
};

export const api = {
  me: () => call<MeAnswer>('GET', '/me'),
  updateProfile: (changes: { nickname?: string; weightKg?: number }) => call<MeAnswer>('PATCH', '/me/profile', changes),
  syncSteps: (body: Record<string, string>) => call<SyncAnswer>('POST', '/steps/sync', body),
  walletTransactions: (cursor: string | null, limit = 20) =>
    call<HistoryAnswer>('GET', `/wallet/transactions?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  offers: (cursor: string | null) => call<OffersAnswer>('GET', `/offers?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  offer: (id: string) => call<OfferAnswer>('GET', `/offers/${id}`),
  redeem: (id: string, idempotencyKey: string) => call<RedeemAnswer>('POST', `/offers/${id}/redeem`, undefined, { 'idempotency-key': idempotencyKey }),
  vouchers: (cursor: string | null) => call<VouchersAnswer>('GET', pageOf('/vouchers', cursor, 20)),
  voucher: (id: string) => call<VoucherAnswer>('GET', `/vouchers/${id}`),
  leaderboard: (date: string, limit = 1000, scope = 'global') =>
    call<BoardAnswer>('GET', `/leaderboards/daily?date=${date}&limit=${limit}&scope=${encodeURIComponent(scope)}`),
  campaigns: () => call<CampaignsAnswer>('GET', '/campaigns'),
  communities: (cursor: string | null, joined = false) =>
    call<CommunitiesAnswer>('GET', `/communities?limit=20${joined ? '&joined=1' : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  community: (id: string) => call<CommunityAnswer>('GET', `/communities/${id}`),
  joinCommunity: (id: string) => call<CommunityAnswer>('POST', `/communities/${id}/join`),
  leaveCommunity: (id: string) => call<CommunityAnswer>('POST', `/communities/${id}/leave`),
  events: (communityId: string) => call<EventsAnswer>('GET', `/communities/${communityId}/events`),
  signUp: (eventId: string) => call<EventAnswer>('POST', `/events/${eventId}/signup`),
  cancelSignUp: (eventId: string) => call<EventAnswer>('POST', `/events/${eventId}/cancel`),
  checkIn: (eventId: string, code: string) => call<CheckInAnswer>('POST', `/events/${eventId}/checkin`, { code }),
};
