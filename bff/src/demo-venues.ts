import type { ServiceContext } from './services/context.js';
import type { Operator } from './services/audit.js';
import { createFacility, createVenue, moveVenue, setSlotPattern } from './services/venues.js';

const WEEK = [1, 2, 3, 4, 5, 6, 7];

/**
 * The demo merchant's live venue: a walk-in pool (10 coins a half hour) and a table-tennis hall
 * booked by the hour, with slots every day, so a fresh start shows both ways in.
 */
export async function seedDemoVenue(context: ServiceContext, operator: Operator, merchantId: string): Promise<void> {
  const openingHours = WEEK.map((weekday) => ({ weekday, opens: '07:00', closes: '22:00' }));
  const { venue } = await createVenue(context, operator, { merchantId, name: '山顶运动中心', address: '香山路 18 号', openingHours });
  await createFacility(context, merchantId, venue.id, {
    name: '恒温泳池',
    activity: 'swimming',
    kind: 'walk_in',
    capacity: 40,
    longestStayMinutes: 120,
    pricePerPeriod: 10,
    cancelDeadlineMinutes: null,
  });
  const { facility: hall } = await createFacility(context, merchantId, venue.id, {
    name: '乒乓球馆',
    activity: 'table_tennis',
    kind: 'booking',
    capacity: 16,
    longestStayMinutes: 120,
    pricePerPeriod: null,
    cancelDeadlineMinutes: 120,
  });
  const pattern = WEEK.flatMap((weekday) =>
    ['09:00', '14:00', '19:00'].map((start) => ({ weekday, start, durationMinutes: 90, capacity: 8, priceCoins: 40 })),
  );
  await setSlotPattern(context, merchantId, hall.id, pattern);
  await moveVenue(context, venue.id, { from: ['draft'], to: 'pending', merchantId });
  await moveVenue(context, venue.id, { from: ['pending'], to: 'live', operator });
}
