import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { contract } from '../../api/client';

type Routes = typeof API_ROUTES;
export type VenueSummary = RouteResponse<Routes['listVenues']>['items'][number];
export type VenueDetail = RouteResponse<Routes['getVenue']>['venue'];
export type FacilityDetail = VenueDetail['facilities'][number];
export type Slot = FacilityDetail['slots'][number];
export type Booking = RouteResponse<Routes['listBookings']>['items'][number];
export type Visit = RouteResponse<Routes['listVisits']>['items'][number];
export type EntryPass = RouteResponse<Routes['createEntryPass']>;

/** The user's venue routes of the contract (section 5). */
export const venuesApi = {
  venues: (cursor: string | null) => contract.listVenues({ query: { cursor, limit: 20 } }),
  venue: (id: string) => contract.getVenue({ params: { id } }),
  book: (slotId: string, idempotencyKey: string) => contract.bookSlot({ params: { slotId }, headers: { 'Idempotency-Key': idempotencyKey } }),
  bookings: (cursor: string | null, limit = 20) => contract.listBookings({ query: { cursor, limit } }),
  cancelBooking: (id: string) => contract.cancelBooking({ params: { id } }),
  pass: () => contract.createEntryPass(),
  /** A page of visits, newest first; the pass page asks for the newest alone (`limit` 1) every few seconds. */
  visits: (cursor: string | null, limit = 20) => contract.listVisits({ query: { cursor, limit } }),
};
