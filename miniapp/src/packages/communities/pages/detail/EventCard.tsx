import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { businessDate } from '@calorie-bank/shared/dates';
import { ApiError, type CommunityEvent } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { clockTime } from '../../../../i18n/clock';
import { t } from '../../../../i18n/messages';
import { u } from '../../../../i18n/ux';

const HALF_HOUR = 30 * 60_000;

/** `M/D HH:MM` of an instant on the business clock, as the event's posts and every member's phone read it. */
function eventTime(iso: string, timeZone: string): string {
  const [, month, day] = businessDate(new Date(iso), timeZone).split('-');
  return `${Number(month)}/${Number(day)} ${clockTime(iso, timeZone)}`;
}

/** When the code is taken: the BFF names it; an older BFF that does not is the contract's half hour before the start until the end. */
export function checkinWindow(event: CommunityEvent): { opens: number; closes: number } {
  const named = event as Partial<Pick<CommunityEvent, 'checkinOpensAt' | 'checkinClosesAt'>>;
  return {
    opens: named.checkinOpensAt ? Date.parse(named.checkinOpensAt) : Date.parse(event.startsAt) - HALF_HOUR,
    closes: named.checkinClosesAt ? Date.parse(named.checkinClosesAt) : Date.parse(event.endsAt),
  };
}

/** A wait the BFF asked for after too many wrong codes, counted down on screen. */
export function waitAfter(error: unknown): number | null {
  return error instanceof ApiError && error.code === 'RATE_LIMITED' && error.retryAfterSeconds ? Date.now() + error.retryAfterSeconds * 1000 : null;
}

interface Props {
  event: CommunityEvent;
  joined: boolean;
  busy: boolean;
  lockedUntil: number | null;
  onSignUp: () => void;
  onCancel: () => void;
  onCheckIn: (code: string) => void;
}

/** One event: its time and places, sign-up, and the check-in code box while check-in is open. */
export function EventCard({ event, joined, busy, lockedUntil, onSignUp, onCancel, onCheckIn }: Props) {
  const { businessTimeZone } = useClientConfig();
  const [code, setCode] = useState('');
  const [now, setNow] = useState(Date.now);
  const { opens, closes } = checkinWindow(event);
  const locked = lockedUntil !== null && lockedUntil > now;
  // Re-render when the window opens or the wait ends, so the box appears without a reload.
  useEffect(() => {
    const next = [opens, closes, lockedUntil ?? 0].filter((at) => at > now).sort((a, b) => a - b)[0];
    if (next === undefined) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(next - now + 50, locked ? 1000 : 60_000));
    return () => clearTimeout(timer);
  }, [opens, closes, lockedUntil, now, locked]);
  const cancelled = (event as { status?: string }).status === 'cancelled';
  const open = now >= opens && now <= closes;

  return (
    <View className='event' data-testid='event'>
      <Text className='event__title'>{event.title}</Text>
      <Text className='event__meta' data-testid='event-time'>{`${eventTime(event.startsAt, businessTimeZone)} · ${event.place}`}</Text>
      <Text className='event__meta' data-testid='event-places'>
        {t.places(event.signedUp, event.capacity)}
        {event.rewardCoins > 0 ? ` · ${t.eventReward(event.rewardCoins)}` : ''}
      </Text>
      {cancelled && <Text className='event__status event__status--off' data-testid='event-cancelled'>{u.eventCancelled}</Text>}
      {event.myStatus === 'checked_in' && <Text className='event__status' data-testid='event-status'>{t.eventCheckedIn}</Text>}
      {!cancelled && event.myStatus === 'none' && (
        <Button className='event__button' size='mini' type='primary' disabled={busy || !joined} onClick={() => joined && onSignUp()} data-testid='signup'>
          {t.signUp}
        </Button>
      )}
      {!cancelled && event.myStatus === 'signed_up' && (
        <View className='event__checkin'>
          <Text className='event__status' data-testid='event-status'>{t.signedUp}</Text>
          {open ? (
            <>
              <Input className='event__code' type='number' maxlength={6} placeholder={t.checkinCode} value={code} onInput={(input) => setCode(input.detail.value)} data-testid='checkin-code' />
              {locked && <Text className='event__wait' data-testid='checkin-wait'>{u.tooManyCodes(Math.ceil((lockedUntil - now) / 1000))}</Text>}
              <Button className='event__button' size='mini' type='primary' disabled={busy || locked || code.length !== 6} onClick={() => {
                  // A disabled button still fires in a browser: the wait and the code's length are checked here too.
                  if (!busy && !locked && code.length === 6) onCheckIn(code);
                }}
                data-testid='checkin'
              >
                {t.checkinSubmit}
              </Button>
            </>
          ) : (
            <Text className='event__meta' data-testid='checkin-window'>{now < opens ? u.checkinOpensAt(eventTime(new Date(opens).toISOString(), businessTimeZone)) : u.checkinClosed}</Text>
          )}
          {now < Date.parse(event.startsAt) && (
            <Button className='event__button' size='mini' disabled={busy} onClick={onCancel} data-testid='cancel-signup'>
              {t.cancelSignUp}
            </Button>
          )}
        </View>
      )}
    </View>
  );
}
