import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { t } from '../../../i18n/messages';
import { hoursLine } from '../../../i18n/opening-hours';
import { opsVenuesApi, type CreatedVenue, type OpsVenue, type StatsAnswer, type VenueStatus } from '../api';
import { v } from '../venues-i18n';
import { NewVenueForm } from './NewVenueForm';
import { PagedRows } from './Paged';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

const STATUSES: VenueStatus[] = ['pending', 'live', 'rejected', 'draft'];

function VenueCard({ venue, onDone }: { venue: OpsVenue; onDone: (notice: Notice) => void }) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const decide = useAction(async (approve: boolean) => {
    // A disabled H5 button still fires its tap: a rejection without a reason stops here, said beside the reason.
    if (!approve && !reason.trim()) {
      setReasonError(v.reasonRequired);
      return;
    }
    try {
      if (approve) await opsVenuesApi.approve(venue.id);
      else await opsVenuesApi.reject(venue.id, reason.trim());
      onDone({ kind: 'ok', text: approve ? v.approved(venue.name) : v.rejected(venue.name) });
    } catch (caught) {
      onDone({ kind: 'error', text: messageFor(caught) });
    }
  });
  return (
    <View className='ops-card' data-testid='review-venue'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{venue.name}</Text>
        <Text className={`ops-badge ops-badge--${venue.status}`}>{v.status[venue.status]}</Text>
      </View>
      <Text className='ops-card__meta'>{`${v.merchant(venue.merchantName, venue.merchantId)} · ${venue.address}`}</Text>
      <Text className='ops-card__meta' data-testid='review-venue-hours'>{hoursLine(venue.openingHours)}</Text>
      {venue.facilities.length === 0 && <Text className='ops-card__meta'>{v.noFacilities}</Text>}
      {venue.facilities.map((facility) => (
        <Text key={facility.id} className='ops-card__text' data-testid='review-venue-facility'>
          {v.facility(
            facility.name,
            t.activities[facility.activity] ?? facility.activity,
            facility.kind === 'walk_in' ? v.walkIn : v.booking,
            facility.capacity,
            facility.pricePerPeriod === null ? '' : v.perHalfHour(facility.pricePerPeriod),
          )}
        </Text>
      ))}
      {venue.rejectReason && <Text className='ops-card__meta'>{v.rejectReason(venue.rejectReason)}</Text>}
      {venue.status === 'pending' && (
        <View className='ops-card__actions'>
          <Button className='ops-button' size='mini' type='primary' disabled={decide.running} onClick={() => void decide.run(true)} data-testid='approve-venue'>{v.approve}</Button>
          <View className='ops-inline-field ops-inline-field--wide'>
            <Input className='ops-input' placeholder={v.reason} value={reason} onInput={(event) => { setReason(event.detail.value); setReasonError(null); }} data-testid='reject-venue-reason' />
            {reasonError && <Text className='field-error ops-field__error' data-testid='field-error-reject-reason'>{reasonError}</Text>}
          </View>
          <Button className='ops-button' size='mini' type='warn' disabled={decide.running} onClick={() => void decide.run(false)} data-testid='reject-venue'>{v.reject}</Button>
        </View>
      )}
    </View>
  );
}

function VenueList({ status, onNotice }: { status: VenueStatus; onNotice: (notice: Notice) => void }) {
  const list = usePagedList((cursor) => opsVenuesApi.list(status, cursor));
  return (
    <PagedRows list={list} empty={v.none}>
      {(venue) => (
        <VenueCard
          key={venue.id}
          venue={venue}
          onDone={(notice) => {
            onNotice(notice);
            void list.load(true);
          }}
        />
      )}
    </PagedRows>
  );
}

/** The venue just created: a draft, with what happens to it next. */
function CreatedVenueCard({ venue }: { venue: CreatedVenue }) {
  return (
    <View className='ops-card' data-testid='created-venue'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{venue.name}</Text>
        <Text className={`ops-badge ops-badge--${venue.status}`} data-testid='created-venue-status'>{v.status[venue.status]}</Text>
      </View>
      <Text className='ops-card__meta'>{`${v.merchant(venue.merchantName, venue.merchantId)} · ${venue.address}`}</Text>
      <Text className='ops-card__text'>{hoursLine(venue.openingHours)}</Text>
      <Text className='ops-card__text' data-testid='created-venue-next'>{v.draftNext}</Text>
    </View>
  );
}

/**
 * Venues waiting for review (oldest first), approved with one tap or sent back with a reason; the
 * venues in other states; and a new draft venue for a merchant.
 */
export function Venues() {
  const [status, setStatus] = useState<VenueStatus>('pending');
  const [notice, setNotice] = useState<Notice>(null);
  const [creating, setCreating] = useState(false);
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<CreatedVenue | null>(null);
  // Bumped on each new venue so that the drafts, the only list a new venue joins, are read again;
  // the other lists stay as they are, with any rejection reason half typed in them.
  const [draftsVersion, setDraftsVersion] = useState(0);
  const toggleForm = () => {
    // Some platforms fire a disabled button's tap.
    if (sending) return;
    setCreating(!creating);
    setCreated(null);
    setNotice(null);
  };
  return (
    <View>
      <View className='ops-bar'>
        {STATUSES.map((name) => (
          <Text key={name} className={`ops-chip${name === status ? ' ops-chip--on' : ''}`} onClick={() => { setStatus(name); setNotice(null); }} data-testid={`venues-${name}`}>
            {v.status[name]}
          </Text>
        ))}
        <Button className='ops-button' size='mini' type={creating ? 'default' : 'primary'} disabled={sending} onClick={toggleForm} data-testid='new-venue'>
          {creating ? v.closeForm : v.newVenue}
        </Button>
      </View>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='venues-notice'>{notice.text}</Text>}
      {(creating || created) && (
        <View style={{ marginBottom: '16px' }}>
          {creating && (
            <NewVenueForm
              onSending={setSending}
              onCreated={(venue) => {
                setCreating(false);
                setCreated(venue);
                setDraftsVersion((version) => version + 1);
                setNotice({ kind: 'ok', text: v.created(venue.name) });
              }}
            />
          )}
          {created && <CreatedVenueCard venue={created} />}
        </View>
      )}
      <VenueList key={status === 'draft' ? `draft:${draftsVersion}` : status} status={status} onNotice={setNotice} />
    </View>
  );
}

/** The day's venue figures for the overview: visits, bookings, the coins they took and the workout coins they paid. */
export function VenueFigures({ figures }: { figures: StatsAnswer['venues'] }) {
  return (
    <View className='ops-card' data-testid='stat-venues'>
      <Text className='ops-card__title'>{v.figures}</Text>
      {v.figureLines(figures).map((line) => (
        <Text key={line} className='ops-card__text'>{line}</Text>
      ))}
    </View>
  );
}
