import type { EventSignup, StaffCommunityEvent, UpdateEventRequest } from '@calorie-bank/shared';
import * as events from '../db/events.js';
import type { Page } from '../db/pages.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound, validationFailed } from '../errors.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';

/** Staff sign up for nothing: their view of an event has no sign-up of its own. */
const STAFF = '0';

async function staffEvent(context: ServiceContext, eventId: string): Promise<StaffCommunityEvent> {
  const event = await events.findEvent(context.db.manager, eventId, STAFF);
  if (!event) throw notFound(`Event ${eventId}`);
  return event;
}

/** One event with its check-in code, for its organisers. */
export async function getStaffEvent(context: ServiceContext, eventId: string): Promise<{ event: StaffCommunityEvent }> {
  return { event: await staffEvent(context, eventId) };
}

/**
 * An operator edits an event. The event's row is locked while the change is checked, and a new
 * capacity is written only while it still holds every place taken, so sign-ups racing the edit
 * never end above capacity. A cancelled event stays as it was cancelled.
 */
export async function updateEvent(context: ServiceContext, operator: Operator, eventId: string, body: UpdateEventRequest): Promise<{ event: StaffCommunityEvent }> {
  const now = context.now().getTime();
  await runInTransaction(context.db, async (manager) => {
    const before = await events.findEvent(manager, eventId, STAFF);
    if (!before || !(await events.lockEvent(manager, eventId))) throw notFound(`Event ${eventId}`);
    if (before.status === 'cancelled') throw new AppError('EVENT_NOT_OPEN', 'A cancelled event cannot be changed');
    const startsAt = Date.parse(body.startsAt ?? before.startsAt);
    const endsAt = Date.parse(body.endsAt ?? before.endsAt);
    if (startsAt >= endsAt) throw validationFailed('endsAt must be after startsAt', body.endsAt !== undefined ? 'endsAt' : 'startsAt');
    const capacityTooSmall = () =>
      validationFailed(`The capacity cannot be below the ${before.signedUp} places already taken`, [
        { path: 'capacity', message: `must be at least ${before.signedUp}, the places already taken` },
      ]);
    if (body.capacity !== undefined && body.capacity < before.signedUp) throw capacityTooSmall();
    const changes = { ...body, startsAt: body.startsAt === undefined ? undefined : startsAt, endsAt: body.endsAt === undefined ? undefined : endsAt };
    if (!(await events.updateEvent(manager, eventId, changes))) throw capacityTooSmall();
    const after = await events.findEvent(manager, eventId, STAFF);
    await recordAudit(
      manager,
      operator,
      { action: 'event.update', targetType: 'event', targetId: eventId, before: { ...before, checkinCode: undefined }, after: { ...after, checkinCode: undefined } },
      now,
    );
  });
  return getStaffEvent(context, eventId);
}

/**
 * An operator cancels an event: members see it cancelled, and it takes no more sign-ups or
 * check-ins, so no reward is paid for it from now on. Cancelling twice changes nothing.
 */
export async function cancelEvent(context: ServiceContext, operator: Operator, eventId: string, reason: string): Promise<{ event: StaffCommunityEvent }> {
  const now = context.now().getTime();
  await runInTransaction(context.db, async (manager) => {
    const event = await events.lockEvent(manager, eventId);
    if (!event) throw notFound(`Event ${eventId}`);
    if (event.status === 'cancelled') return;
    await events.cancelEvent(manager, eventId, reason, now);
    await recordAudit(manager, operator, { action: 'event.cancel', targetType: 'event', targetId: eventId, reason }, now);
  });
  return getStaffEvent(context, eventId);
}

/** An event's sign-ups, earliest first, with who checked in. */
export async function listEventSignups(context: ServiceContext, eventId: string, page: { cursor?: string; limit: number }): Promise<Page<EventSignup>> {
  await staffEvent(context, eventId);
  return events.listSignups(context.db.manager, eventId, page);
}
