import { Button, ScrollView, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { messageFor } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { usePagedList } from '../../../../hooks/usePagedList';
import { useReloadOnShow } from '../../../../hooks/useReloadOnShow';
import { t } from '../../../../i18n/messages';
import { venuesApi, type Booking } from '../../api';
import { clockTime, dayAndTime } from '../../format';
import { v } from '../../i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../venues.css';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

function BookingRow({ booking, timeZone, onCancelled }: { booking: Booking; timeZone: string; onCancelled: (notice: Notice) => void }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useAction(async () => {
    try {
      await venuesApi.cancelBooking(booking.id);
      onCancelled({ kind: 'ok', text: v.cancelled });
    } catch (error) {
      onCancelled({ kind: 'error', text: messageFor(error) });
    } finally {
      setConfirming(false);
    }
  });
  // Turned away at a full gate, an unused booking is refundable in full whatever its deadline.
  const turnedAway = booking.status === 'booked' && Boolean(booking.turnedAwayAt);
  const cancellable = turnedAway || (booking.status === 'booked' && Date.parse(booking.cancellableUntil) > Date.now());
  return (
    <View className='row-card' data-testid='booking' data-booking-id={booking.id}>
      <View className='row-card__head'>
        <Text className='row-card__title'>{`${booking.venueName} · ${booking.facilityName}`}</Text>
        <Text className={`status status--${booking.status}`} data-testid='booking-status'>{v.bookingStatus[booking.status] ?? booking.status}</Text>
      </View>
      <Text className='row-card__meta' data-testid='booking-time'>{`${dayAndTime(booking.startsAt, timeZone)}–${clockTime(booking.endsAt, timeZone)} · ${booking.priceCoins} ${t.coins}`}</Text>
      {turnedAway && <Text className='row-card__meta' data-testid='booking-turned-away'>{v.turnedAway}</Text>}
      {cancellable && !turnedAway && <Text className='row-card__meta'>{v.cancelUntil(dayAndTime(booking.cancellableUntil, timeZone))}</Text>}
      {booking.status === 'booked' && !cancellable && (
        <Text className='row-card__meta' data-testid='booking-cancel-closed'>{v.cancelClosed(dayAndTime(booking.cancellableUntil, timeZone))}</Text>
      )}
      {booking.status === 'booked' && (
        <View className='row-card__actions'>
          {cancellable && !confirming && (
            <Button size='mini' onClick={() => setConfirming(true)} data-testid='cancel-booking'>{v.cancelBooking}</Button>
          )}
          <Button size='mini' type='primary' onClick={() => void Taro.navigateTo({ url: '/packages/venues/pages/pass/index' })} data-testid='booking-pass'>{v.entryPass}</Button>
        </View>
      )}
      {confirming && (
        <View className='confirm' data-testid='cancel-confirm'>
          <Text className='confirm__question'>{turnedAway ? v.confirmCancelTurnedAway : v.confirmCancel}</Text>
          <View className='confirm__buttons'>
            <Button size='mini' disabled={cancel.running} onClick={() => setConfirming(false)} data-testid='keep-booking'>{v.keepBooking}</Button>
            <Button size='mini' type='warn' disabled={cancel.running} onClick={() => void cancel.run()} data-testid='confirm-cancel'>{cancel.running ? t.loading : t.confirm}</Button>
          </View>
        </View>
      )}
    </View>
  );
}

/** The user's bookings, newest first, with cancellation until each venue's deadline, or later for one turned away at a full gate. */
function Bookings() {
  const { businessTimeZone } = useClientConfig();
  const list = usePagedList<Booking>((cursor) => venuesApi.bookings(cursor));
  const [notice, setNotice] = useState<Notice>(null);
  useReloadOnShow(list);

  if (list.items.length === 0 && list.error) return <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
  if (list.items.length === 0 && (list.loading || !list.done)) return <Loading />;
  if (list.items.length === 0) return <Empty text={v.noBookings} />;
  return (
    <ScrollView className='venues' scrollY onScrollToLower={() => void list.load()} data-testid='bookings'>
      {notice && <Text className={`notice notice--${notice.kind}`} data-testid='bookings-notice'>{notice.text}</Text>}
      {list.items.map((booking) => (
        <BookingRow
          key={booking.id}
          booking={booking}
          timeZone={businessTimeZone}
          onCancelled={(next) => {
            setNotice(next);
            void list.load(true);
          }}
        />
      ))}
      {Boolean(list.error) && <Text className='notice notice--error'>{messageFor(list.error)}</Text>}
      <Text className='more' onClick={() => void list.load()}>{list.loading ? t.loading : list.done ? t.noMore : t.loadMore}</Text>
    </ScrollView>
  );
}

export default withPageBar(Bookings);
