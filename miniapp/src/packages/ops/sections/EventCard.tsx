import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { useClientConfig } from '../../../api/client-config';
import { QrCode } from '../../../components/QrCode';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsApi, type OpsEvent } from '../api';
import { clockTime, dateAndTime } from '../../../i18n/clock';
import { e } from '../events-i18n';
import { EventForm } from './EventForm';
import { PagedRows } from './Paged';

function Signups({ eventId }: { eventId: string }) {
  const list = usePagedList((cursor) => opsApi.eventSignups(eventId, cursor));
  return (
    <PagedRows list={list} empty={e.noSignups}>
      {(signup) => (
        <View key={signup.userId} className='ops-signup' data-testid='event-signup'>
          <Text className='ops-signup__name'>{signup.nickname}</Text>
          <Text className={`ops-badge ops-badge--${signup.status === 'checked_in' ? 'live' : signup.status === 'cancelled' ? 'ended' : 'pending'}`}>{e.signupStatus[signup.status]}</Text>
        </View>
      )}
    </PagedRows>
  );
}

type Panel = 'code' | 'signups' | 'edit' | 'cancel' | null;

/** One event for operators: its code as a QR to show at the event, its sign-ups, and edit or cancel. */
export function EventCard({ event, onChanged }: { event: OpsEvent; onChanged: (text: string | null, error?: boolean) => void }) {
  const { businessTimeZone } = useClientConfig();
  const at = (iso: string) => clockTime(iso, businessTimeZone);
  const [panel, setPanel] = useState<Panel>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const cancelled = event.status === 'cancelled';
  const toggle = (next: Panel) => setPanel(panel === next ? null : next);
  const cancel = useAction(async () => {
    // A disabled H5 button still fires its tap: without a reason nothing is sent, and the reason field says why.
    if (!reason.trim()) {
      setReasonError(e.reasonRequired);
      return;
    }
    try {
      await opsApi.cancelEvent(event.id, reason.trim());
      setPanel(null);
      onChanged(e.cancelled(event.title));
    } catch (caught) {
      onChanged(messageFor(caught), true);
    }
  });
  return (
    <View className='ops-card' data-testid='ops-event'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{event.title}</Text>
        <Text className={`ops-badge ops-badge--${cancelled ? 'ended' : 'active'}`} data-testid='ops-event-status'>{e.status[event.status]}</Text>
      </View>
      <Text className='ops-card__meta' data-testid='ops-event-time'>{`${dateAndTime(event.startsAt, businessTimeZone)} – ${at(event.endsAt)} · ${event.place}`}</Text>
      <Text className='ops-card__meta' data-testid='ops-event-places'>{`${e.places(event.signedUp, event.capacity)} · ${e.checkinWindow(at(event.checkinOpensAt), at(event.checkinClosesAt))}`}</Text>
      <View className='ops-card__actions'>
        {!cancelled && <Button className='ops-button' size='mini' type='primary' onClick={() => toggle('code')} data-testid='show-code'>{panel === 'code' ? e.hideCode : e.showCode}</Button>}
        <Button className='ops-button' size='mini' onClick={() => toggle('signups')} data-testid='show-signups'>{e.signups}</Button>
        {!cancelled && <Button className='ops-button' size='mini' onClick={() => toggle('edit')} data-testid='edit-event'>{e.edit}</Button>}
        {!cancelled && <Button className='ops-button' size='mini' type='warn' onClick={() => toggle('cancel')} data-testid='cancel-event'>{e.cancel}</Button>}
      </View>
      {panel === 'code' && (
        <View className='ops-code' data-testid='event-code'>
          <QrCode text={event.checkinCode} testId='event-qr' />
          <Text className='ops-code__digits' data-testid='event-code-digits'>{event.checkinCode}</Text>
          <Text className='ops-hint'>{e.codeHint}</Text>
        </View>
      )}
      {panel === 'signups' && <Signups eventId={event.id} />}
      {panel === 'edit' && <EventForm communityId={event.communityId} event={event} onDone={(text) => { setPanel(null); onChanged(text); }} />}
      {panel === 'cancel' && (
        <View className='ops-card__actions'>
          <View className='ops-inline-field ops-inline-field--wide'>
            <Input className='ops-input' placeholder={e.cancelReason} value={reason} onInput={(input) => { setReason(input.detail.value); setReasonError(null); }} data-testid='cancel-reason' />
            {reasonError && <Text className='field-error ops-field__error' data-testid='field-error-cancel-reason'>{reasonError}</Text>}
          </View>
          <Button className='ops-button' size='mini' type='warn' disabled={cancel.running} onClick={() => void cancel.run()} data-testid='confirm-cancel-event'>{e.confirmCancel}</Button>
        </View>
      )}
    </View>
  );
}
