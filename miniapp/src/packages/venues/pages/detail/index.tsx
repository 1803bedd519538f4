import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { DEFAULT_WORKOUT_RULES, type Activity } from '@calorie-bank/shared/workout-rules';
import { api, messageFor, type MeAnswer } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { Failure, Loading } from '../../../../components/StateView';
import { useAsync } from '../../../../hooks/useAsync';
import { t } from '../../../../i18n/messages';
import { formatNumber } from '../../../../i18n/format';
import { venuesApi, type FacilityDetail, type VenueDetail } from '../../api';
import { FacilityRow } from '../../components/FacilityRow';
import { SlotPicker } from '../../components/SlotPicker';
import { heldSlotIds } from '../../held-slots';
import { hoursLine } from '../../../../i18n/opening-hours';
import { v } from '../../i18n';
import { previewWorkout } from '../../preview';
import { withPageBar } from '../../../../components/PageBar';
import '../venues.css';


/**
 * A venue: its hours, each facility with prices and how full it is, and the slots of the next 7
 * days to book, those the user already booked said as such.
 */
function VenueDetailPage() {
  const id = useRouter().params.id ?? '';
  const { businessTimeZone, coinRules, workoutRules } = useClientConfig();
  const data = useAsync<{ venue: VenueDetail; me: MeAnswer; held: ReadonlySet<string> }>(async () => {
    const [venue, me, held] = await Promise.all([venuesApi.venue(id), api.me(), heldSlotIds()]);
    return { venue: venue.venue, me, held };
  }, [id]);
  // Back from the entry pass (a visit may have been charged or paid) or from the bookings (one may
  // have been cancelled) the balance, places and the user's bookings are read again.
  useDidShow(() => {
    if (data.data) void data.reload();
  });

  if (!data.data && data.loading) return <Loading />;
  if (!data.data) return <Failure message={messageFor(data.error)} onRetry={() => void data.reload()} />;
  const { venue, me, held } = data.data;

  const cap = workoutRules?.dailyCoinCap ?? DEFAULT_WORKOUT_RULES.dailyCoinCap;
  function preview(facility: FacilityDetail, minutes: number): string | null {
    const workout = previewWorkout({
      activity: facility.activity as Activity,
      minutes,
      longestStayMinutes: facility.longestStayMinutes,
      weightKg: me.user.weightKg ?? coinRules.defaultWeightKg,
      // A BFF older than this page answers neither figure: none earned yet, the contract's cap.
      earnedToday: me.today.workoutRewardCoins ?? 0,
      dailyCoinCap: cap,
    });
    if (workout.calories === 0) return null;
    if (workout.coins > 0) return v.workoutPreview(workout.minutes, workout.calories, workout.coins);
    // A deployment with workout coins off (cap 0) only says what the workout burns.
    return cap === 0 ? v.workoutCalories(workout.minutes, workout.calories) : v.workoutCapReached(workout.minutes, workout.calories);
  }

  return (
    <View className='venues' data-testid='venue-detail'>
      <View className='venue-card'>
        <Text className='venue-card__name' data-testid='venue-name'>{venue.name}</Text>
        <Text className='venue-card__meta'>{`${venue.merchantName} · ${venue.address}`}</Text>
        <Text className='venue-card__meta' data-testid='venue-hours'>
          {hoursLine(venue.openingHours)}
        </Text>
        <Text className='venue-card__meta'>{`${t.balance} ${formatNumber(me.wallet.balance)}`}</Text>
      </View>
      <Text className='section-title'>{v.facilities}</Text>
      {venue.facilities.map((facility) => (
        <View key={facility.id} className='venue-card' data-testid='facility-detail'>
          <FacilityRow facility={facility} />
          {facility.kind === 'walk_in' ? (
            <View>
              <Text className='hint'>{v.walkInHow(facility.holdCoins ?? 0)}</Text>
              {preview(facility, Math.min(60, facility.longestStayMinutes)) && (
                <Text className='preview' data-testid='workout-preview'>{preview(facility, Math.min(60, facility.longestStayMinutes))}</Text>
              )}
              <Text className='walk-in-pass' onClick={() => void Taro.navigateTo({ url: '/packages/venues/pages/pass/index' })} data-testid='walk-in-pass'>{v.entryPass}</Text>
            </View>
          ) : (
            <SlotPicker
              facility={facility}
              timeZone={businessTimeZone}
              balance={me.wallet.balance}
              held={held}
              preview={(minutes) => preview(facility, minutes)}
              reload={data.reload}
              onBooked={(slotId, balance) => {
                data.setData({ venue, me: { ...me, wallet: { balance } }, held: new Set([...held, slotId]) });
                void data.reload();
              }}
            />
          )}
        </View>
      ))}
    </View>
  );
}

export default withPageBar(VenueDetailPage);
