import { z } from 'zod';
import { ACTIVITIES } from '../rules/workouts.js';
import { repeatedStart } from '../rules/slot-patterns.js';
import { Cursor, Id, Instant, lineOfText, pageLimit, PageQuery } from './common.js';

/** draft → pending (the merchant submits) → live (an operator approves), or rejected with a reason (back to draft on edit). */
export const VENUE_STATUSES = ['draft', 'pending', 'live', 'rejected'] as const;
export const FACILITY_KINDS = ['walk_in', 'booking'] as const;
export const BOOKING_STATUSES = ['booked', 'used', 'cancelled'] as const;
/** `closed`: the gate let the user out; `expired`: the job closed a visit left open past the longest stay. */
export const VISIT_STATUSES = ['open', 'closed', 'expired'] as const;

/** A time of day in the business time zone, `HH:MM`, 00:00–23:59. */
const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
/** ISO weekday: 1 Monday … 7 Sunday. */
const Weekday = z.number().int().min(1).max(7);

/** Opening hours per ISO weekday in the business time zone; a day missing from the list is closed. */
export const OpeningHours = z
  .array(z.strictObject({ weekday: Weekday, opens: TimeOfDay, closes: TimeOfDay }))
  .max(14)
  .refine((hours) => hours.every((h) => h.opens < h.closes), 'closes must be after opens');

const VenueFields = {
  name: lineOfText(80),
  address: lineOfText(255),
  openingHours: OpeningHours,
};

export const CreateVenueRequest = z.strictObject({ merchantId: Id, ...VenueFields });
export const UpdateVenueRequest = z
  .strictObject(VenueFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');
export const RejectVenueRequest = z.strictObject({ reason: lineOfText(255) });

const FacilityFields = {
  name: lineOfText(80),
  activity: z.enum(ACTIVITIES),
  capacity: z.number().int().min(1).max(10_000),
  longestStayMinutes: z.number().int().min(10).max(720),
  /** Walk-in: coins per started 30 minutes. */
  pricePerPeriod: z.number().int().min(0).max(100_000).nullable(),
  /** Booking: a booking can be cancelled for a full refund until this many minutes before its slot starts. */
  cancelDeadlineMinutes: z.number().int().min(0).max(10_080).nullable(),
};

/** A walk-in facility's price per period, or a booking facility's cancel deadline, is required (the other kind's field is not used). */
export const CreateFacilityRequest = z.strictObject({ ...FacilityFields, kind: z.enum(FACILITY_KINDS) }).superRefine((body, context) => {
  if (body.kind === 'walk_in' && typeof body.pricePerPeriod !== 'number') {
    context.addIssue({ code: 'custom', message: 'a walk_in facility needs pricePerPeriod', path: ['pricePerPeriod'] });
  }
  if (body.kind === 'booking' && typeof body.cancelDeadlineMinutes !== 'number') {
    context.addIssue({ code: 'custom', message: 'a booking facility needs cancelDeadlineMinutes', path: ['cancelDeadlineMinutes'] });
  }
});
/** Any field but the kind, which decides how people get in and so never changes. */
export const UpdateFacilityRequest = z
  .strictObject(FacilityFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');

/** One weekly slot of a booking facility: on this weekday at this time, for this long, this many places at this price. */
export const SlotPatternEntry = z.strictObject({
  weekday: Weekday,
  start: TimeOfDay,
  durationMinutes: z.number().int().min(10).max(720),
  capacity: z.number().int().min(1).max(10_000),
  priceCoins: z.number().int().min(0).max(100_000),
});
export const SlotPatternRequest = z.strictObject({ pattern: z.array(SlotPatternEntry).max(200) }).superRefine((body, context) => {
  // The facility has one slot per start: a second one would be dropped, its places never sold.
  const repeated = repeatedStart(body.pattern);
  if (repeated >= 0) context.addIssue({ code: 'custom', message: 'another slot of the pattern starts on the same day at the same time', path: ['pattern', repeated, 'start'] });
});

export const Slot = z
  .object({
    id: Id,
    facilityId: Id,
    startsAt: Instant,
    endsAt: Instant,
    capacity: z.number().int(),
    placesLeft: z.number().int(),
    priceCoins: z.number().int(),
  })
  .meta({ id: 'Slot' });

export const Facility = z
  .object({
    id: Id,
    venueId: Id,
    name: z.string(),
    activity: z.enum(ACTIVITIES),
    kind: z.enum(FACILITY_KINDS),
    capacity: z.number().int(),
    /** People inside now. */
    inside: z.number().int(),
    longestStayMinutes: z.number().int(),
    pricePerPeriod: z.number().int().nullable(),
    /** What the gate holds on entry to a walk-in facility (the fee of the longest stay); null for booking. */
    holdCoins: z.number().int().nullable(),
    cancelDeadlineMinutes: z.number().int().nullable(),
  })
  .meta({ id: 'Facility' });

export const Venue = z
  .object({
    id: Id,
    merchantId: Id,
    merchantName: z.string(),
    name: z.string(),
    address: z.string(),
    openingHours: OpeningHours,
    status: z.enum(VENUE_STATUSES),
    rejectReason: z.string().nullable(),
    facilities: z.array(Facility),
  })
  .meta({ id: 'Venue' });

/** A facility with its next 7 days of slots (empty for walk-in) and, for its merchant, the weekly pattern. */
export const FacilityDetail = Facility.extend({ slots: z.array(Slot), slotPattern: z.array(SlotPatternEntry).optional() });
export const VenueDetail = Venue.extend({ facilities: z.array(FacilityDetail) }).meta({ id: 'VenueDetail' });

export const VenuesQuery = PageQuery;
export const OpsVenuesQuery = z.strictObject({
  status: z.enum(VENUE_STATUSES).default('pending'),
  cursor: Cursor.optional(),
  limit: pageLimit(20, 100),
});
export const VenuesResponse = z.object({ items: z.array(Venue), nextCursor: z.string().nullable() });
export const VenueResponse = z.object({ venue: VenueDetail });
export const FacilityResponse = z.object({ facility: FacilityDetail });

export const Booking = z
  .object({
    id: Id,
    slotId: Id,
    status: z.enum(BOOKING_STATUSES),
    startsAt: Instant,
    endsAt: Instant,
    facilityId: Id,
    facilityName: z.string(),
    venueId: Id,
    venueName: z.string(),
    priceCoins: z.number().int(),
    /** Until this instant a cancellation refunds in full; after it, BOOKING_NOT_CANCELLABLE. */
    cancellableUntil: Instant,
    createdAt: Instant,
    /** When the gate first turned the holder away because the facility was full (VENUE_FULL); an unused booking so marked may be cancelled for a full refund after `cancellableUntil` too. */
    turnedAwayAt: Instant.nullable(),
  })
  .meta({ id: 'Booking' });

/** Like a redemption: an optional flat object of a few scalar fields, bound to the Idempotency-Key with the slot. */
export const BookSlotRequest = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a field name is a letter then up to 63 letters, digits or _'),
    z.union([z.string().max(256), z.number(), z.boolean(), z.null()]),
  )
  .refine((body) => Object.keys(body).length <= 16, 'at most 16 fields')
  .optional();
export const BookingResponse = z.object({ booking: Booking, balance: z.number().int() });
export const BookingsQuery = PageQuery;
export const BookingsResponse = z.object({ items: z.array(Booking), nextCursor: z.string().nullable() });

/** `issuedAt` is the server's time: a client counts the pass's lifetime from it and `expiresAt`, not from its own clock. */
export const EntryPassResponse = z.object({ code: z.string(), issuedAt: Instant, expiresAt: Instant });

/** An entry code as the gate scans or types it. */
const EntryCode = z.string().trim().min(6).max(64);
export const GateEnterRequest = z.strictObject({ facilityId: Id, code: EntryCode });
export const GateExitRequest = z.union([z.strictObject({ facilityId: Id, code: EntryCode }), z.strictObject({ visitId: Id })]);

export const OpenVisit = z.object({
  id: Id,
  facilityId: Id,
  userId: Id,
  nickname: z.string(),
  enteredAt: Instant,
  /** Coins held from the wallet (walk-in), 0 for a booked visit. */
  holdCoins: z.number().int(),
  bookingId: Id.nullable(),
});
export const GateEnterResponse = z.object({ visit: OpenVisit, balance: z.number().int() });
export const VisitReceiptSchema = z.object({
  id: Id,
  minutes: z.number().int(),
  fee: z.number().int(),
  calories: z.number().int(),
  coinsEarned: z.number().int(),
  /** Coins campaigns on workouts added for this visit, beside `coinsEarned` and from their budgets. */
  campaignCoins: z.number().int(),
});
export const GateExitResponse = z.object({ visit: VisitReceiptSchema, balance: z.number().int() });

export const Visit = z
  .object({
    id: Id,
    facilityId: Id,
    facilityName: z.string(),
    venueId: Id,
    venueName: z.string(),
    activity: z.enum(ACTIVITIES),
    status: z.enum(VISIT_STATUSES),
    enteredAt: Instant,
    leftAt: Instant.nullable(),
    minutes: z.number().int().nullable(),
    fee: z.number().int().nullable(),
    calories: z.number().int().nullable(),
    coinsEarned: z.number().int().nullable(),
    /** Coins campaigns on workouts added when the visit closed. */
    campaignCoins: z.number().int(),
    /** The booking the visit was let in on, and the coins it cost when booked; null for a walk-in. */
    bookingId: Id.nullable(),
    bookingCoins: z.number().int().nullable(),
  })
  .meta({ id: 'Visit' });
export const VisitsQuery = PageQuery;
export const VisitsResponse = z.object({ items: z.array(Visit), nextCursor: z.string().nullable() });

/** A venue screen's view, meant to be polled every `pollSeconds`. */
export const VenueLiveResponse = z.object({
  venueId: Id,
  at: Instant,
  pollSeconds: z.number().int(),
  facilities: z.array(z.object({ id: Id, name: z.string(), kind: z.enum(FACILITY_KINDS), capacity: z.number().int(), inside: z.number().int() })),
  people: z.array(z.object({ visitId: Id, facilityId: Id, nickname: z.string(), since: Instant })),
});

export type Venue = z.infer<typeof Venue>;
export type VenueDetail = z.infer<typeof VenueDetail>;
export type Facility = z.infer<typeof Facility>;
export type FacilityDetail = z.infer<typeof FacilityDetail>;
export type Slot = z.infer<typeof Slot>;
export type SlotPatternEntry = z.infer<typeof SlotPatternEntry>;
export type Booking = z.infer<typeof Booking>;
export type Visit = z.infer<typeof Visit>;
export type VenueStatus = (typeof VENUE_STATUSES)[number];
export type FacilityKind = (typeof FACILITY_KINDS)[number];
export type CreateFacilityRequest = z.infer<typeof CreateFacilityRequest>;
export type UpdateFacilityRequest = z.infer<typeof UpdateFacilityRequest>;
export type CreateVenueRequest = z.infer<typeof CreateVenueRequest>;
export type UpdateVenueRequest = z.infer<typeof UpdateVenueRequest>;
export type BookingResponse = z.infer<typeof BookingResponse>;
export type EntryPassResponse = z.infer<typeof EntryPassResponse>;
export type GateEnterResponse = z.infer<typeof GateEnterResponse>;
export type GateExitResponse = z.infer<typeof GateExitResponse>;
export type VenueLiveResponse = z.infer<typeof VenueLiveResponse>;
