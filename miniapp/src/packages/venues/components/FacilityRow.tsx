import { Text, View } from '@tarojs/components';
import { Occupancy } from '../../../components/Occupancy';
import { t } from '../../../i18n/messages';
import type { VenueSummary } from '../api';
import { v } from '../i18n';

type Facility = VenueSummary['facilities'][number];

/** The price of getting in: per half hour for walk-in, per slot (the cheapest) for booking. */
export function priceText(facility: Facility & { slots?: { priceCoins: number }[] }): string {
  if (facility.kind === 'walk_in') return v.perHalfHour(facility.pricePerPeriod ?? 0);
  const prices = (facility.slots ?? []).map((slot) => slot.priceCoins);
  return prices.length > 0 ? v.perSlot(Math.min(...prices)) : v.booking;
}

/** One facility: its name, activity and way in, price, and how full it is now. */
export function FacilityRow({ facility }: { facility: Facility & { slots?: { priceCoins: number }[] } }) {
  return (
    <View className='facility-row' data-testid='facility' data-facility-id={facility.id}>
      <View className='facility-row__head'>
        <Text className='facility-row__name' data-testid='facility-name'>{`${facility.name} · ${t.activities[facility.activity] ?? facility.activity}`}</Text>
        <Text className={`badge badge--${facility.kind}`}>{facility.kind === 'walk_in' ? v.walkIn : v.booking}</Text>
      </View>
      <Text className='facility-row__price' data-testid='facility-price'>{`${priceText(facility)} · ${v.longestStay(facility.longestStayMinutes)}`}</Text>
      <Occupancy
        inside={facility.inside}
        capacity={facility.capacity}
        label={facility.inside >= facility.capacity ? v.full : v.inside(facility.inside, facility.capacity)}
      />
    </View>
  );
}
