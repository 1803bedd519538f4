import { Button, Text, View } from '@tarojs/components';
import { businessDate } from '@calorie-bank/shared/dates';
import { useRef, useState } from 'react';
import { ApiError, messageFor, newIdempotencyKey } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { t } from '../../../i18n/messages';
import { venuesApi, type FacilityDetail, type Slot } from '../api';
import { clockTime, dayAndTime, dayLabel, nextDays } from '../format';
import { v } from '../i18n';

/** What became of a tap on a slot, said in that slot's row. */
type Notice = { kind: 'ok' | 'error'; text: string; slotId: string } | null;

/** Refusals that say the page is out of date: the slot filled, started or went, or the balance shown is no longer the wallet's. */
const STALE_PAGE_CODES = new Set(['SLOT_FULL', 'SLOT_NOT_BOOKABLE', 'NOT_FOUND', 'INSUFFICIENT_COINS']);

/**
 * A booking facility's slots of the next 7 days, a day at a time, and a two-step booking: tap a
 * slot, then confirm its price in that slot's row, in place of its button. A slot the user already
 * holds a live booking for (`held`) says so instead of offering to book it again. The Idempotency-Key of a booking is kept until the BFF has
 * answered it, so a retry after a lost answer books once. A refusal that says the slots shown are
 * out of date (the slot filled meanwhile) reads them again through `reload`, the refusal staying said.
 */
export function SlotPicker(props: {
  facility: FacilityDetail;
  timeZone: string;
  balance: number;
  /** Ids of the slots the user holds a `booked` booking for. */
  held: ReadonlySet<string>;
  onBooked: (slotId: string, balance: number) => void;
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
      setNotice({ kind: 'ok', text: v.booked, slotId: slot.id });
      props.onBooked(slot.id, answer.balance);
    } catch (error) {
      // A refusal is final for this key; only a lost answer is retried with the same one.
      if (!(error instanceof ApiError && error.code === 'NETWORK')) pending.current = null;
      setChosen(null);
      setNotice({ kind: 'error', text: messageFor(error), slotId: slot.id });
      // Awaited, so the row's button stays disabled until it shows the slot as it now is.
      if (error instanceof ApiError && STALE_PAGE_CODES.has(error.code)) await props.reload();
    }
  });

  // A slot the user cannot pay for is said at once, as the mall does: confirming could only be refused.
  // A disabled Taro H5 button still fires its click: a full or held slot, or one tap during a booking, asks nothing.
  const choose = (slot: Slot) => {
    if (slot.placesLeft <= 0 || props.held.has(slot.id) || book.running) return;
    const short = slot.priceCoins - props.balance;
    setNotice(short > 0 ? { kind: 'error', text: t.notEnough(short), slotId: slot.id } : null);
    setChosen(short > 0 ? null : slot);
  };
  // A booking can be cancelled for a refund until this long before its slot starts.
  const cancelDeadline = (slot: Slot) => new Date(Date.parse(slot.startsAt) - (facility.cancelDeadlineMinutes ?? 0) * 60_000).toISOString();
  const cancelClosed = (slot: Slot) => facility.cancelDeadlineMinutes !== null && Date.parse(cancelDeadline(slot)) <= Date.now();
  const minutesOf = (slot: Slot) => Math.round((Date.parse(slot.endsAt) - Date.parse(slot.startsAt)) / 60_000);
  const when = (slot: Slot) => `${dayLabel(businessDate(new Date(slot.startsAt), timeZone), days[0])} ${clockTime(slot.startsAt, timeZone)}–${clockTime(slot.endsAt, timeZone)}`;
  // Asked in the slot's row, where the user tapped, in place of its button.
  const confirmation = (slot: Slot) => (
    <View className='confirm slot__confirm' data-testid='book-confirm'>
      <Text className='confirm__question'>{v.confirmBook(facility.name, when(slot), slot.priceCoins)}</Text>
      {props.preview(minutesOf(slot)) && <Text className='preview'>{props.preview(minutesOf(slot))}</Text>}
      {cancelClosed(slot) ? (
        <Text className='confirm__warning' data-testid='book-no-cancel'>{v.noCancelOnceBooked}</Text>
      ) : (
        facility.cancelDeadlineMinutes !== null && <Text className='preview' data-testid='book-cancel-until'>{v.cancelUntil(dayAndTime(cancelDeadline(slot), timeZone))}</Text>
      )}
      <View className='confirm__buttons'>
        <Button size='mini' disabled={book.running} onClick={() => setChosen(null)} data-testid='book-back'>{v.notNow}</Button>
        {/* The label stays while booking, the spinner says it is busy: a Taro H5 button whose text changes as `loading` turns on throws. */}
        <Button size='mini' type='primary' disabled={book.running} loading={book.running} onClick={() => void book.run(slot)} data-testid='confirm-book'>
          {t.confirm}
        </Button>
      </View>
    </View>
  );
  return (
    <View className='slots' data-testid='slots'>
      <View className='days'>
        {days.map((date) => (
          <Text key={date} className={`day-chip${date === day ? ' day-chip--on' : ''}`} onClick={() => { setDay(date); setChosen(null); setNotice(null); }} data-testid='slot-day'>
            {dayLabel(date, days[0])}
          </Text>
        ))}
      </View>
      {slots.length === 0 && <Text className='hint' data-testid='no-slots'>{v.noSlots}</Text>}
      {slots.map((slot) => {
        const held = props.held.has(slot.id);
        const asking = chosen?.id === slot.id && !held;
        return (
          <View key={slot.id} className='slot' data-testid='slot' data-slot-id={slot.id}>
            <Text className='slot__time'>{`${clockTime(slot.startsAt, timeZone)}–${clockTime(slot.endsAt, timeZone)}`}</Text>
            <Text className='slot__meta'>{`${slot.priceCoins} ${t.coins} · ${v.placesLeft(slot.placesLeft)}`}</Text>
            {held ? (
              <Text className='slot__held' data-testid='slot-held'>{v.slotHeld}</Text>
            ) : (
              !asking && (
                <Button className='slot__book' size='mini' type='primary' disabled={slot.placesLeft <= 0 || book.running} onClick={() => choose(slot)} data-testid='book-slot'>
                  {v.book}
                </Button>
              )
            )}
            {asking && confirmation(slot)}
            {notice?.slotId === slot.id && <Text className={`notice notice--${notice.kind} slot__notice`} data-testid='book-notice'>{notice.text}</Text>}
          </View>
        );
      })}
      {/* A slot read again after a refusal may be gone from the day: its refusal is still said. */}
      {notice && !slots.some((slot) => slot.id === notice.slotId) && (
        <Text className={`notice notice--${notice.kind}`} data-testid='book-notice'>{notice.text}</Text>
      )}
    </View>
  );
}
