import type { API_ROUTES, RouteBody, RouteResponse } from '@calorie-bank/shared/api';
import { contract } from '../../../../api/client';

type Routes = typeof API_ROUTES;
export type MerchantVenue = RouteResponse<Routes['merchantVenues']>['items'][number];
export type GateEntry = RouteResponse<Routes['gateEnter']>;
export type GateReceipt = RouteResponse<Routes['gateExit']>;
export type VenueLive = RouteResponse<Routes['venueLive']>;

/** Every venue of this merchant (a merchant has a few, so one screen shows them all). */
async function allVenues(): Promise<MerchantVenue[]> {
  const venues: MerchantVenue[] = [];
  let cursor: string | null = null;
  do {
    const page: RouteResponse<Routes['merchantVenues']> = await contract.merchantVenues({ query: { cursor, limit: 100 } });
    venues.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return venues;
}

/** The merchant's venue routes: the gate, the live screen and the venues themselves. */
export const gateApi = {
  venues: allVenues,
  enter: (facilityId: string, code: string) => contract.gateEnter({ body: { facilityId, code } }),
  exitByCode: (facilityId: string, code: string) => contract.gateExit({ body: { facilityId, code } }),
  exitByVisit: (visitId: string) => contract.gateExit({ body: { visitId } }),
  live: (venueId: string) => contract.venueLive({ params: { id: venueId } }),
};

/** A scanned or typed code as the BFF issues it: letters upper-cased, spaces and dashes dropped. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** The merchant's management routes of a venue: facilities, prices, slot patterns and review. */
export const venueAdminApi = {
  venue: (id: string) => contract.merchantVenue({ params: { id } }),
  submit: (id: string) => contract.submitVenue({ params: { id } }),
  updateVenue: (id: string, body: RouteBody<Routes['updateVenue']>) => contract.updateVenue({ params: { id }, body }),
  createFacility: (venueId: string, body: RouteBody<Routes['createFacility']>) => contract.createFacility({ params: { id: venueId }, body }),
  updateFacility: (id: string, body: RouteBody<Routes['updateFacility']>) => contract.updateFacility({ params: { id }, body }),
  setSlotPattern: (id: string, pattern: RouteBody<Routes['setSlotPattern']>['pattern']) => contract.setSlotPattern({ params: { id }, body: { pattern } }),
};
