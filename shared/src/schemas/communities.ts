import { z } from 'zod';
import { blockOfText, Cursor, Id, Instant, lineOfText, pageLimit } from './common.js';

export const COMMUNITY_CATEGORIES = ['hiking', 'cycling', 'running', 'walking', 'badminton', 'other'] as const;
export const EVENT_SIGNUP_STATUSES = ['none', 'signed_up', 'checked_in'] as const;
/** An event is scheduled until an operator cancels it; a cancelled event takes no sign-ups or check-ins and pays nothing. */
export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;
/** Check-in opens this long before an event starts, and closes when it ends. */
export const CHECKIN_OPENS_BEFORE_MS = 30 * 60_000;
/** How many communities one user may belong to at once. */
export const MAX_COMMUNITIES_PER_USER = 5;

export const Community = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string(),
    category: z.enum(COMMUNITY_CATEGORIES),
    memberCount: z.number().int(),
    /** Whether the caller is a member; false for staff. */
    joined: z.boolean(),
    /** Whether the caller moderates it (a member operators gave the role); false for staff. */
    moderator: z.boolean(),
  })
  .meta({ id: 'Community' });

export const CommunitiesQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: pageLimit(20, 100),
  /** `1`: only the communities the caller has joined. */
  joined: z.enum(['0', '1']).optional(),
});
/** Every community, for operators. */
export const OpsCommunitiesQuery = CommunitiesQuery.omit({ joined: true });
export const CommunitiesResponse = z.object({ items: z.array(Community), nextCursor: z.string().nullable() });
export const CommunityResponse = z.object({ community: Community });

export const CreateCommunityRequest = z.strictObject({
  name: lineOfText(40),
  description: blockOfText(500).default(''),
  category: z.enum(COMMUNITY_CATEGORIES),
});

export const CommunityEvent = z
  .object({
    id: Id,
    communityId: Id,
    title: z.string(),
    description: z.string(),
    place: z.string(),
    startsAt: Instant,
    endsAt: Instant,
    capacity: z.number().int(),
    signedUp: z.number().int(),
    /** Coins for checking in, paid from the reward campaign's budget while it lasts. */
    rewardCoins: z.number().int(),
    rewardCampaignId: Id.nullable(),
    myStatus: z.enum(EVENT_SIGNUP_STATUSES),
    status: z.enum(EVENT_STATUSES),
    cancelledAt: Instant.nullable(),
    /** When the check-in code is first taken (half an hour before the start) and last taken (the end). */
    checkinOpensAt: Instant,
    checkinClosesAt: Instant,
  })
  .meta({ id: 'CommunityEvent' });

/** An event as its organisers see it, with the code shown at the event for checking in. */
export const StaffCommunityEvent = CommunityEvent.extend({ checkinCode: z.string() });

export const CommunityEventsResponse = z.object({ items: z.array(CommunityEvent) });
export const CommunityEventResponse = z.object({ event: CommunityEvent });
export const StaffCommunityEventsResponse = z.object({ items: z.array(StaffCommunityEvent) });
export const StaffCommunityEventResponse = z.object({ event: StaffCommunityEvent });

export const CreateEventRequest = z
  .strictObject({
    title: lineOfText(60),
    description: blockOfText(500).default(''),
    place: lineOfText(120),
    startsAt: Instant,
    endsAt: Instant,
    capacity: z.number().int().min(1).max(10_000),
    rewardCoins: z.number().int().min(0).max(10_000).default(0),
    rewardCampaignId: Id.nullable().default(null),
  })
  .refine((event) => Date.parse(event.startsAt) < Date.parse(event.endsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] })
  .refine((event) => event.rewardCoins === 0 || event.rewardCampaignId !== null, { message: 'a reward needs a campaign to pay it', path: ['rewardCampaignId'] });

/** An operator's edit of an event; the capacity may not drop below the places already taken. */
export const UpdateEventRequest = z
  .strictObject({
    title: lineOfText(60),
    description: blockOfText(500),
    place: lineOfText(120),
    startsAt: Instant,
    endsAt: Instant,
    capacity: z.number().int().min(1).max(10_000),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one field')
  .refine((event) => event.startsAt === undefined || event.endsAt === undefined || Date.parse(event.startsAt) < Date.parse(event.endsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });

export const CancelEventRequest = z.strictObject({ reason: lineOfText(255) });

export const EVENT_SIGNUP_LIST_STATUSES = ['signed_up', 'checked_in', 'cancelled'] as const;
export const EventSignup = z
  .object({
    userId: Id,
    nickname: z.string(),
    status: z.enum(EVENT_SIGNUP_LIST_STATUSES),
    signedUpAt: Instant,
    checkedInAt: Instant.nullable(),
  })
  .meta({ id: 'EventSignup' });
export const EventSignupsQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(50, 200) });
export const EventSignupsResponse = z.object({ items: z.array(EventSignup), nextCursor: z.string().nullable() });

export const EventCheckInRequest = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'the check-in code has 6 digits') });
export const EventCheckInResponse = z.object({
  event: CommunityEvent,
  /** Coins the check-in paid; less than the reward once the campaign's budget runs low. */
  credited: z.number().int(),
  balance: z.number().int(),
});

export type Community = z.infer<typeof Community>;
export type CommunityCategory = (typeof COMMUNITY_CATEGORIES)[number];
export type CommunityEvent = z.infer<typeof CommunityEvent>;
export type StaffCommunityEvent = z.infer<typeof StaffCommunityEvent>;
export type CreateEventRequest = z.infer<typeof CreateEventRequest>;
export type UpdateEventRequest = z.infer<typeof UpdateEventRequest>;
export type EventSignup = z.infer<typeof EventSignup>;
export type CreateCommunityRequest = z.infer<typeof CreateCommunityRequest>;
