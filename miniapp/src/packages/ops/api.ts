import type { API_ROUTES, RouteBody, RouteResponse } from '@calorie-bank/shared/api';
import { contract } from '../../api/client';

type Routes = typeof API_ROUTES;
export type StatsAnswer = RouteResponse<Routes['opsStats']>;
export type SeriesAnswer = RouteResponse<Routes['opsStatsSeries']>;
export type DayFigures = SeriesAnswer['days'][number];
export type SettlementAnswer = RouteResponse<Routes['settleDay']>;
export type OpsCampaign = RouteResponse<Routes['createCampaign']>['campaign'];
export type OpsCommunity = RouteResponse<Routes['opsCommunities']>['items'][number];
export type ReviewOffer = RouteResponse<Routes['opsOffers']>['items'][number];
export type OpsUser = RouteResponse<Routes['opsUsers']>['items'][number];
export type OpsMerchant = RouteResponse<Routes['opsMerchants']>['items'][number];
export type FlaggedSync = RouteResponse<Routes['flaggedSyncs']>['items'][number];
export type AuditEntry = RouteResponse<Routes['auditLog']>['items'][number];
export type AdjustmentAnswer = RouteResponse<Routes['createAdjustment']>;
export type CampaignRequest = RouteBody<Routes['createCampaign']>;
export type OpsEvent = RouteResponse<Routes['opsEvent']>['event'];
export type EventRequest = RouteBody<Routes['createEvent']>;
export type EventChanges = RouteBody<Routes['updateEvent']>;
export type EventSignup = RouteResponse<Routes['eventSignups']>['items'][number];
export type CommunityRequest = RouteBody<Routes['createCommunity']>;
export type OpsVenue = RouteResponse<Routes['opsVenues']>['items'][number];
export type VenueStatus = OpsVenue['status'];
export type VenueRequest = RouteBody<Routes['createVenue']>;
export type CreatedVenue = RouteResponse<Routes['createVenue']>['venue'];

type OfferStatus = ReviewOffer['status'];

/** The operator routes of the contract, called with the signed-in operator's staff token. */
export const opsApi = {
  stats: (date?: string) => contract.opsStats({ query: { date } }),
  series: (days: number) => contract.opsStatsSeries({ query: { days } }),
  settle: (date: string) => contract.settleDay({ body: { date } }),
  campaigns: () => contract.listCampaigns(),
  createCampaign: (campaign: CampaignRequest) => contract.createCampaign({ body: campaign }),
  updateCampaign: (id: string, changes: RouteBody<Routes['updateCampaign']>) => contract.updateCampaign({ params: { id }, body: changes }),
  communities: () => contract.opsCommunities({ query: { limit: 100 } }),
  createCommunity: (body: CommunityRequest) => contract.createCommunity({ body }),
  events: (communityId: string) => contract.opsCommunityEvents({ params: { id: communityId } }),
  createEvent: (communityId: string, body: EventRequest) => contract.createEvent({ params: { id: communityId }, body }),
  updateEvent: (id: string, changes: EventChanges) => contract.updateEvent({ params: { id }, body: changes }),
  cancelEvent: (id: string, reason: string) => contract.cancelEvent({ params: { id }, body: { reason } }),
  eventSignups: (id: string, cursor: string | null) => contract.eventSignups({ params: { id }, query: { cursor, limit: 50 } }),
  offers: (status: string, cursor: string | null) => contract.opsOffers({ query: { status: status as OfferStatus, cursor, limit: 20 } }),
  approveOffer: (id: string) => contract.approveOffer({ params: { id } }),
  rejectOffer: (id: string, reason: string) => contract.rejectOffer({ params: { id }, body: { reason } }),
  merchants: (q: string, cursor: string | null) => contract.opsMerchants({ query: { q, cursor, limit: 20 } }),
  users: (q: string, cursor: string | null) => contract.opsUsers({ query: { q, cursor, limit: 20 } }),
  freeze: (id: string, reason: string) => contract.freezeUser({ params: { id }, body: { reason } }),
  unfreeze: (id: string, reason: string) => contract.unfreezeUser({ params: { id }, body: { reason } }),
  adjust: (body: RouteBody<Routes['createAdjustment']>, idempotencyKey: string) =>
    contract.createAdjustment({ body, headers: { 'Idempotency-Key': idempotencyKey } }),
  flaggedSyncs: (cursor: string | null) => contract.flaggedSyncs({ query: { cursor, limit: 20 } }),
  audit: (action: string, cursor: string | null) => contract.auditLog({ query: { action, cursor, limit: 20 } }),
  moderators: (communityId: string) => contract.communityModerators({ params: { id: communityId } }),
  addModerator: (communityId: string, userId: string) => contract.addModerator({ params: { id: communityId }, body: { userId } }),
  removeModerator: (communityId: string, userId: string) => contract.removeModerator({ params: { id: communityId, userId } }),
  deletePost: (id: string) => contract.opsDeletePost({ params: { id } }),
  deleteComment: (id: string) => contract.opsDeleteComment({ params: { id } }),
};

/** The operator's venue routes: the venues by status, their review, and a new draft venue for a merchant. */
export const opsVenuesApi = {
  list: (status: VenueStatus, cursor: string | null) => contract.opsVenues({ query: { status, cursor, limit: 20 } }),
  approve: (id: string) => contract.approveVenue({ params: { id } }),
  reject: (id: string, reason: string) => contract.rejectVenue({ params: { id }, body: { reason } }),
  create: (body: VenueRequest) => contract.createVenue({ body }),
};

export type OpsContentItem = RouteResponse<Routes['publishContent']>['item'];
export type ContentRequest = RouteBody<Routes['publishContent']>;
export type OpsSeries = RouteResponse<Routes['createSeries']>['series'];
export type SeriesRequest = RouteBody<Routes['createSeries']>;

/** The operator's content and collectibles routes. */
export const opsContentApi = {
  items: (cursor: string | null) => contract.opsContent({ query: { cursor, limit: 20 } }),
  publish: (body: ContentRequest) => contract.publishContent({ body }),
  /** Takes an item down now, by the BFF's clock (a scheduled one never shows). */
  takeDown: (id: string) => contract.takeDownContent({ params: { id } }),
  series: (cursor: string | null) => contract.opsSeries({ query: { cursor, limit: 20 } }),
  createSeries: (body: SeriesRequest) => contract.createSeries({ body }),
  endSeries: (id: string) => contract.endSeries({ params: { id } }),
};
