import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { staffCall } from '../../api/client';
import type { Page } from '../../hooks/usePagedList';

type Routes = typeof API_ROUTES;
export type StatsAnswer = RouteResponse<Routes['opsStats']>;
export type SeriesAnswer = RouteResponse<Routes['opsStatsSeries']>;
export type DayFigures = SeriesAnswer['days'][number];
export type SettlementAnswer = RouteResponse<Routes['settleDay']>;
export type OpsCampaign = RouteResponse<Routes['createCampaign']>['campaign'];
export type OpsCommunity = RouteResponse<Routes['opsCommunities']>['items'][number];
export type ReviewOffer = RouteResponse<Routes['opsOffers']>['items'][number];
export type OpsUser = RouteResponse<Routes['opsUsers']>['items'][number];
export type FlaggedSync = RouteResponse<Routes['flaggedSyncs']>['items'][number];
export type AuditEntry = RouteResponse<Routes['auditLog']>['items'][number];
export type AdjustmentAnswer = RouteResponse<Routes['createAdjustment']>;

/** `?a=1&b=2` from the parameters that have a value. */
function query(parameters: Record<string, string | number | null | undefined>): string {
  const pairs = Object.entries(parameters).filter((pair): pair is [string, string | number] => pair[1] !== null && pair[1] !== undefined && pair[1] !== '');
  return pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
}

/** The operator routes of the contract, called with the signed-in operator's staff token. */
export const opsApi = {
  stats: (date?: string) => staffCall<StatsAnswer>('GET', `/ops/stats${query({ date })}`),
  series: (days: number) => staffCall<SeriesAnswer>('GET', `/ops/stats/daily${query({ days })}`),
  settle: (date: string) => staffCall<SettlementAnswer>('POST', '/ops/settlements', { date }),
  campaigns: () => staffCall<{ items: OpsCampaign[] }>('GET', '/ops/campaigns'),
  createCampaign: (campaign: Record<string, unknown>) => staffCall<{ campaign: OpsCampaign }>('POST', '/ops/campaigns', campaign),
  updateCampaign: (id: string, changes: Record<string, unknown>) => staffCall<{ campaign: OpsCampaign }>('PATCH', `/ops/campaigns/${id}`, changes),
  communities: () => staffCall<Page<OpsCommunity>>('GET', '/ops/communities?limit=100'),
  offers: (status: string, cursor: string | null) => staffCall<Page<ReviewOffer>>('GET', `/ops/offers${query({ status, cursor, limit: 20 })}`),
  approveOffer: (id: string) => staffCall<{ offer: ReviewOffer }>('POST', `/ops/offers/${id}/approve`),
  rejectOffer: (id: string, reason: string) => staffCall<{ offer: ReviewOffer }>('POST', `/ops/offers/${id}/reject`, { reason }),
  users: (q: string, cursor: string | null) => staffCall<Page<OpsUser>>('GET', `/ops/users${query({ q, cursor, limit: 20 })}`),
  freeze: (id: string, reason: string) => staffCall<{ user: OpsUser }>('POST', `/ops/users/${id}/freeze`, { reason }),
  unfreeze: (id: string, reason: string) => staffCall<{ user: OpsUser }>('POST', `/ops/users/${id}/unfreeze`, { reason }),
  adjust: (body: { userId: string; amount: number; reason: string }, idempotencyKey: string) =>
    staffCall<AdjustmentAnswer>('POST', '/ops/adjustments', body, { 'idempotency-key': idempotencyKey }),
  flaggedSyncs: (cursor: string | null) => staffCall<Page<FlaggedSync>>('GET', `/ops/flagged-syncs${query({ cursor, limit: 20 })}`),
  audit: (action: string, cursor: string | null) => staffCall<Page<AuditEntry>>('GET', `/ops/audit${query({ action, cursor, limit: 20 })}`),
};
