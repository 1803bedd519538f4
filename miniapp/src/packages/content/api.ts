import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { contract } from '../../api/client';

type Routes = typeof API_ROUTES;
export type ContentCard = RouteResponse<Routes['listContent']>['items'][number];
export type ContentDetail = RouteResponse<Routes['getContent']>['item'];
export type ChannelSection = RouteResponse<Routes['contentChannel']>['sections'][number];
export type ContentTag = ContentCard['tags'][number];
export type Membership = RouteResponse<Routes['getMembership']>['membership'];
export type Series = RouteResponse<Routes['listSeries']>['items'][number];
export type Collectible = RouteResponse<Routes['myCollection']>['items'][number];

/** The user's routes of the content channel, the fan membership and collectibles. */
export const contentApi = {
  channel: () => contract.contentChannel(),
  list: (tag: ContentTag | undefined, cursor: string | null) => contract.listContent({ query: { tag, cursor, limit: 10 } }),
  item: (id: string) => contract.getContent({ params: { id } }),
  like: (id: string) => contract.likeContent({ params: { id } }),
  unlike: (id: string) => contract.unlikeContent({ params: { id } }),
  membership: () => contract.getMembership(),
  buyMembership: (idempotencyKey: string) => contract.buyMembership({ headers: { 'Idempotency-Key': idempotencyKey } }),
  series: (cursor: string | null) => contract.listSeries({ query: { cursor, limit: 20 } }),
  buySeries: (id: string, idempotencyKey: string) => contract.buyCollectible({ params: { id }, headers: { 'Idempotency-Key': idempotencyKey } }),
  collection: (cursor: string | null) => contract.myCollection({ query: { cursor, limit: 20 } }),
  collectible: (id: string) => contract.myCollectible({ params: { id } }),
};
