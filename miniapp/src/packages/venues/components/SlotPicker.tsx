import { Button, Text, View } from '@tarojs/components';
import { businessDate } from '@calorie-bank/shared/dates';
import { useRef, useState } from 'react';
import { ApiError, messageFor, newIdempotencyKey } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { t } from '../../../i18n/messages';
import { venuesApi, type FacilityDetail, type Slot } from '../api';
import { clockTime, dayAndTime, dayLabel, nextDays } from '../format';
import { v } from '../i18n';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Refusals that say the page is out of date: the slot filled, started or went, or the balance shown is no longer the wallet's. */
const STALE_PAGE_CODES = new Set(['SLOT_FULL', 'SLOT_NOT_BOOKABLE', 'NOT_FOUND', 'INSUFFICIENT_COINS']);

/**
 * A booking facility's slots of the next 7 days, a day at a time, and a two-step booking: tap a
 * slot, then confirm its price. The Idempotency-Key of a booking is kept until the BFF has
 * answered it, so a retry after a lost answer books once. A refusal that says the slots shown are
 * out of date (the slot filled meanwhile) reads them again through `reload`, the refusal staying said.
 */
export function SlotPicker(props: {
  facility: FacilityDetail;
  timeZone: string;
  balance: number;
  onBooked: (balance: number) => void;
  reload: () => Promise<void>;
  preview: (minutes: number) => string | null;
}) {
  const { facility, timeZone } = props;
  const days = nextDays(new Date(), timeZone);
  const [day, setDay] = useState(days[0]);
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const pending = useRef<{ slotId: string; key: string } | null>(null);
  const slots = facility.slots.filter((slot) => businessDate(new Date(slot.startsAt), timeZone) === day);

  const book = useAction(async (slot: Slot) => {
    setNotice(null);
    if (pending.current?.slotId !== slot.id) pending.current = { slotId: slot.id, key: newIdempotencyKey() };
    try {
      const answer = await venuesApi.book(slot.id, pending.current.key);
      pending.current = null;
      setChosen(null);
      setNotice({ kind: 'ok', text: v.booked });
      props.onBooked(answer.balance);
    } catch (error) {
      // A refusal is final for this key; only a lost answer is retried with the same one.
      if (!(error instanceof ApiError && error.code === 'NETWORK')) pending.current = null;
      setChosen(null);
      setNotice({ kind: 'error', text: messageFor(error) });
      // Awaited, so the row's button stays disabled until it shows the slot as it now is.
      if (error instanceof ApiError && STALE_PAGE_CODES.has(error.code)) await props.reload();
    }
  });

  // A slot the user cannot pay for is said at once, as the mall does: confirming could only be refused.
  const choose = (slot: Slot) => {
    const short = slot.priceCoins - props.balance;
    setNotice(short > 0 ? { kind: 'error', text: t.notEnough(short) } : null);
    setChosen(short > 0 ? null : slot);
  };
  // A booking can be cancelled for a refund until this long before its slot starts.
  const cancelDeadline = (slot: Slot) => new Date(Date.parse(slot.startsAt) - (facility.cancelDeadlineMinutes ?? 0) * 60_000).toISOString();
  const cancelClosed = (slot: Slot) => facility.cancelDeadlineMinutes !== null && Date.parse(cancelDeadline(slot)) <= Date.now();
  const when = (slot: Slot) => `${dayLabel(businessDate(new Date(slot.startsAt), timeZone), days[0])} ${clockTime(slot.startsAt, timeZone)}–${clockTime(slot.endsAt, timeZone)}`;
  return (
    <View className='slots' data-testid='slots'>
      <View className='days'>
        {days.map((date) => (
          <Text key={date} className={`day-chip${date === day ? ' day-chip--on' : ''}`} onClick={() => { setDay(date); setChosen(null); }} data-testid='slot-day'>
            {dayLabel(date, days[0])}
          </Text>
        ))}
      </View>
      {slots.length === 0 && <Text className='hint' data-testid='no-slots'>{v.noSlots}</Text>}
      {slots.map((slot) => (
        <View key={slot.id} className='slot' data-testid='slot' data-slot-id={slot.id}>
          <Text className='slot__time'>{`${clockTime(slot.startsAt, timeZone)}–${clockTime(slot.endsAt, timeZone)}`}</Text>
          <Text className='slot__meta'>{`${slot.priceCoins} ${t.coins} · ${v.placesLeft(slot.placesLeft)}`}</Text>
          <Button className='slot__book' size='mini' type='primary' disabled={slot.placesLeft <= 0 || book.running} onClick={() => choose(slot)} data-testid='book-slot'>
            {v.book}
          </Button>
        </View>
      ))}
      {chosen && (
        <View className='confirm' data-testid='book-confirm'>
          <Text className='confirm__question'>{v.confirmBook(facility.name, when(chosen), chosen.priceCoins)}</Text>
          {props.preview(Math.round((Date.parse(chosen.endsAt) - Date.parse(chosen.startsAt)) / 60_000)) && (
            <Text className='preview'>{props.preview(Math.round((Date.parse(chosen.endsAt) - Date.parse(chosen.startsAt)) / 60_000))}</Text>
          )}
          {cancelClosed(chosen) ? (
            <Text className='confirm__warning' data-testid='book-no-cancel'>{v.noCancelOnceBooked}</Text>
          ) : (
            facility.cancelDeadlineMinutes !== null && <Text className='preview' data-testid='book-cancel-until'>{v.cancelUntil(dayAndTime(cancelDeadline(chosen), timeZone))}</Text>
          )}
          <View className='confirm__buttons'>
            <Button size='mini' disabled={book.running} onClick={() => setChosen(null)}>{t.cancel}</Button>
            <Button size='mini' type='primary' disabled={book.running} onClick={() => void book.run(chosen)} data-testid='confirm-book'>
              {book.running ? t.loading : t.confirm}
            </Button>
          </View>
        </View>
      )}
      {notice && <Text className={`notice notice--${notice.kind}`} data-testid='book-notice'>{notice.text}</Text>}
    </View>
  );
}
