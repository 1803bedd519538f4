import { ScrollView, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { messageFor } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { usePagedList } from '../../../../hooks/usePagedList';
import { useReloadOnShow } from '../../../../hooks/useReloadOnShow';
import { t } from '../../../../i18n/messages';
import { venuesApi, type VenueSummary } from '../../api';
import { FacilityRow } from '../../components/FacilityRow';
import { hoursOn, isoWeekday, nextDays } from '../../format';
import { v } from '../../i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../venues.css';

const go = (url: string) => void Taro.navigateTo({ url });

/** Live venues with how full each facility is now, and the way to the pass, bookings and workouts. */
function Venues() {
  const { businessTimeZone } = useClientConfig();
  const list = usePagedList<VenueSummary>((cursor) => venuesApi.venues(cursor));
  // Coming back from a visit or a booking: how full the facilities are has changed.
  useReloadOnShow(list);
  const weekday = isoWeekday(nextDays(new Date(), businessTimeZone, 1)[0]);

  return (
    <ScrollView className='venues' scrollY onScrollToLower={() => void list.load()} data-testid='venues'>
      <Text className='venues__hint'>{v.venuesHint}</Text>
      <View className='venues__links'>
        <Text className='venues__link' onClick={() => go('/packages/venues/pages/pass/index')} data-testid='open-pass'>{v.entryPass}</Text>
        <Text className='venues__link' onClick={() => go('/packages/venues/pages/bookings/index')} data-testid='open-bookings'>{v.myBookings}</Text>
        <Text className='venues__link' onClick={() => go('/packages/venues/pages/visits/index')} data-testid='open-visits'>{v.myVisits}</Text>
      </View>
      {list.items.length === 0 ? (
        list.error ? (
          <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />
        ) : list.loading || !list.done ? (
          <Loading />
        ) : (
          <Empty text={v.noVenues} />
        )
      ) : (
        <View>
          {list.items.map((venue) => {
            const hours = hoursOn(venue.openingHours, weekday);
            return (
              <View key={venue.id} className='venue-card' onClick={() => go(`/packages/venues/pages/detail/index?id=${venue.id}`)} data-testid='venue'>
                <Text className='venue-card__name' data-testid='venue-name'>{venue.name}</Text>
                <Text className='venue-card__meta'>{`${venue.address} · ${hours ? v.hours(hours) : v.closed}`}</Text>
                {venue.facilities.map((facility) => (
                  <FacilityRow key={facility.id} facility={facility} />
                ))}
              </View>
            );
          })}
          {Boolean(list.error) && <Text className='notice notice--error'>{messageFor(list.error)}</Text>}
          <Text className='more' onClick={() => void list.load()}>{list.loading ? t.loading : list.done ? t.noMore : t.loadMore}</Text>
        </View>
      )}
    </ScrollView>
  );
}

export default withPageBar(Venues);
