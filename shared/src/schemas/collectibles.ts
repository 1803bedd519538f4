import { z } from 'zod';
import { blockOfText, Cursor, Id, Instant, lineOfText, pageLimit } from './common.js';
import { MediaUrl } from './media.js';

/** How a series is obtained: bought with coins, or awarded by one rule. */
export const COLLECTIBLE_RULES = ['purchase', 'steps', 'event_checkin', 'venue_visits', 'content_view'] as const;
export type CollectibleRuleKind = (typeof COLLECTIBLE_RULES)[number];

export const CollectibleRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('purchase'), priceCoins: z.number().int().min(1).max(100_000) }),
  /** Reach `steps` in a day while the campaign runs for the user. */
  z.strictObject({ kind: z.literal('steps'), campaignId: Id, steps: z.number().int().min(1).max(100_000) }),
  z.strictObject({ kind: z.literal('event_checkin'), eventId: Id }),
  /** Finish this many venue visits (closed by a venue's gate). */
  z.strictObject({ kind: z.literal('venue_visits'), visits: z.number().int().min(1).max(1000) }),
  z.strictObject({ kind: z.literal('content_view'), contentId: Id }),
]);

export const CreateSeriesRequest = z.strictObject({
  name: lineOfText(40),
  description: blockOfText(200).default(''),
  artworkUrl: MediaUrl,
  editionSize: z.number().int().min(1).max(100_000),
  rule: CollectibleRule,
});

export const COLLECTIBLE_SERIES_STATUSES = ['active', 'ended'] as const;

export const CollectibleSeries = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string(),
    artworkUrl: z.string(),
    editionSize: z.number().int(),
    issued: z.number().int(),
    rule: CollectibleRule,
    status: z.enum(COLLECTIBLE_SERIES_STATUSES),
    createdAt: Instant,
    /** The caller's serial in this series, if they hold one (users' lists only). */
    mySerial: z.number().int().nullable().optional(),
  })
  .meta({ id: 'CollectibleSeries' });

/** One issued item: serial `#serial/editionSize`; this version never transfers it. */
export const Collectible = z
  .object({
    id: Id,
    seriesId: Id,
    name: z.string(),
    description: z.string(),
    artworkUrl: z.string(),
    serial: z.number().int().min(1),
    editionSize: z.number().int(),
    obtainedBy: z.enum(COLLECTIBLE_RULES),
    obtainedAt: Instant,
    transferable: z.literal(false),
  })
  .meta({ id: 'Collectible' });

export const SeriesQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(20, 100) });
export const SeriesListResponse = z.object({ items: z.array(CollectibleSeries), nextCursor: z.string().nullable() });
export const SeriesResponse = z.object({ series: CollectibleSeries });
export const BuyCollectibleRequest = z.strictObject({}).optional();
export const BuyCollectibleResponse = z.object({ collectible: Collectible, balance: z.number().int() });
export const CollectionQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(20, 100) });
export const CollectionResponse = z.object({ items: z.array(Collectible), nextCursor: z.string().nullable() });
export const CollectibleResponse = z.object({ collectible: Collectible });

export type CollectibleRule = z.infer<typeof CollectibleRule>;
export type CreateSeriesRequest = z.infer<typeof CreateSeriesRequest>;
export type CollectibleSeries = z.infer<typeof CollectibleSeries>;
export type Collectible = z.infer<typeof Collectible>;
export type BuyCollectibleResponse = z.infer<typeof BuyCollectibleResponse>;
