import { Button, Input, Text, View } from '@tarojs/components';
import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { useState } from 'react';
import { contract, messageFor } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { localized, t } from '../../../i18n/messages';
import { PagedRows } from './Paged';

type VenueFiguresData = RouteResponse<(typeof API_ROUTES)['opsStats']>['venues'];
type OpsVenue = RouteResponse<(typeof API_ROUTES)['opsVenues']>['items'][number];
type Status = OpsVenue['status'];
type Notice = { kind: 'ok' | 'error'; text: string } | null;

const STATUSES: Status[] = ['pending', 'live', 'rejected', 'draft'];

const s = localized({
  zh: {
    status: { pending: '待审核', live: '已上线', rejected: '已驳回', draft: '草稿' } as Record<string, string>,
    none: '没有这个状态的场馆',
    approve: '通过',
    reject: '驳回',
    reason: '驳回原因',
    approved: (name: string) => `已上线「${name}」`,
    rejected: (name: string) => `已驳回「${name}」`,
    rejectReason: (reason: string) => `驳回原因：${reason}`,
    facility: (name: string, activity: string, kind: string, capacity: number, price: string) => `${name} · ${activity} · ${kind} · 容量 ${capacity}${price}`,
    walkIn: '随到随玩',
    booking: '预约',
    perHalfHour: (coins: number) => ` · ${coins} 金币/半小时`,
    noFacilities: '还没有场地',
    hours: (count: number) => `每周营业 ${count} 段`,
    figures: '场馆',
    figureLines: (v: VenueFiguresData) => [`入场 ${v.visits} 人次 · 预约 ${v.bookings} 单`, `场地费 ${v.fees} · 预约收入 ${v.bookingCoins} 金币`, `运动金币 ${v.workoutCoins}`],
  },
  en: {
    status: { pending: 'Pending', live: 'Live', rejected: 'Rejected', draft: 'Draft' },
    none: 'No venues in this state',
    approve: 'Approve',
    reject: 'Reject',
    reason: 'Reason for rejecting',
    approved: (name: string) => `“${name}” is live`,
    rejected: (name: string) => `“${name}” was sent back`,
    rejectReason: (reason: string) => `Rejected: ${reason}`,
    facility: (name: string, activity: string, kind: string, capacity: number, price: string) => `${name} · ${activity} · ${kind} · capacity ${capacity}${price}`,
    walkIn: 'walk-in',
    booking: 'booking',
    perHalfHour: (coins: number) => ` · ${coins} coins per half hour`,
    noFacilities: 'No facilities yet',
    hours: (count: number) => `${count} opening spans a week`,
    figures: 'Venues',
    figureLines: (v: VenueFiguresData) => [`${v.visits} visits · ${v.bookings} bookings`, `${v.fees} in fees · ${v.bookingCoins} coins in bookings`, `${v.workoutCoins} workout coins`],
  },
});

const opsVenuesApi = {
  list: (status: Status, cursor: string | null) => contract.opsVenues({ query: { status, cursor, limit: 20 } }),
  approve: (id: string) => contract.approveVenue({ params: { id } }),
  reject: (id: string, reason: string) => contract.rejectVenue({ params: { id }, body: { reason } }),
};

function VenueCard({ venue, onDone }: { venue: OpsVenue; onDone: (notice: Notice) => void }) {
  const [reason, setReason] = useState('');
  const decide = useAction(async (approve: boolean) => {
    try {
      if (approve) await opsVenuesApi.approve(venue.id);
      else await opsVenuesApi.reject(venue.id, reason.trim());
      onDone({ kind: 'ok', text: approve ? s.approved(venue.name) : s.rejected(venue.name) });
    } catch (caught) {
      onDone({ kind: 'error', text: messageFor(caught) });
    }
  });
  return (
    <View className='ops-card' data-testid='review-venue'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{venue.name}</Text>
        <Text className={`ops-badge ops-badge--${venue.status}`}>{s.status[venue.status]}</Text>
      </View>
      <Text className='ops-card__meta'>{`${venue.merchantName} · ${venue.address} · ${s.hours(venue.openingHours.length)}`}</Text>
      {venue.facilities.length === 0 && <Text className='ops-card__meta'>{s.noFacilities}</Text>}
      {venue.facilities.map((facility) => (
        <Text key={facility.id} className='ops-card__text' data-testid='review-venue-facility'>
          {s.facility(
            facility.name,
            t.activities[facility.activity] ?? facility.activity,
            facility.kind === 'walk_in' ? s.walkIn : s.booking,
            facility.capacity,
            facility.pricePerPeriod === null ? '' : s.perHalfHour(facility.pricePerPeriod),
          )}
        </Text>
      ))}
      {venue.rejectReason && <Text className='ops-card__meta'>{s.rejectReason(venue.rejectReason)}</Text>}
      {venue.status === 'pending' && (
        <View className='ops-card__actions'>
          <Button className='ops-button' size='mini' type='primary' disabled={decide.running} onClick={() => void decide.run(true)} data-testid='approve-venue'>{s.approve}</Button>
          <Input className='ops-input ops-input--wide' placeholder={s.reason} value={reason} onInput={(event) => setReason(event.detail.value)} data-testid='reject-venue-reason' />
          <Button className='ops-button' size='mini' type='warn' disabled={decide.running || !reason.trim()} onClick={() => void decide.run(false)} data-testid='reject-venue'>{s.reject}</Button>
        </View>
      )}
    </View>
  );
}

function VenueList({ status, onNotice }: { status: Status; onNotice: (notice: Notice) => void }) {
  const list = usePagedList((cursor) => opsVenuesApi.list(status, cursor));
  return (
    <PagedRows list={list} empty={s.none}>
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

/** Venues waiting for review (oldest first), approved with one tap or sent back with a reason; and the venues in other states. */
export function Venues() {
  const [status, setStatus] = useState<Status>('pending');
  const [notice, setNotice] = useState<Notice>(null);
  return (
    <View>
      <View className='ops-bar'>
        {STATUSES.map((name) => (
          <Text key={name} className={`ops-chip${name === status ? ' ops-chip--on' : ''}`} onClick={() => { setStatus(name); setNotice(null); }} data-testid={`venues-${name}`}>
            {s.status[name]}
          </Text>
        ))}
      </View>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='venues-notice'>{notice.text}</Text>}
      <VenueList key={status} status={status} onNotice={setNotice} />
    </View>
  );
}

/** The day's venue figures for the overview: visits, bookings, the coins they took and the workout coins they paid. */
export function VenueFigures({ figures }: { figures: VenueFiguresData }) {
  return (
    <View className='ops-card' data-testid='stat-venues'>
      <Text className='ops-card__title'>{s.figures}</Text>
      {s.figureLines(figures).map((line) => (
        <Text key={line} className='ops-card__text'>{line}</Text>
      ))}
    </View>
  );
}
