import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { messageFor } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { StaffLogin } from '../../../../components/StaffLogin';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { clockTime } from '../../../../i18n/clock';
import { t } from '../../../../i18n/messages';
import { platform } from '../../../../platform';
import { gateApi, normalizeCode, type GateReceipt } from './api';
import { g } from './i18n';
import { useMerchantVenues } from './useVenues';
import { withPageBar } from '../../../../components/PageBar';
import './index.css';

type Outcome = { kind: 'in'; text: string } | { kind: 'out'; receipt: GateReceipt['visit'] } | { kind: 'error'; text: string } | null;

/** A closed visit: each figure under what it is, since the fee paid and the coins earned are both coins. */
function ReceiptView({ receipt }: { receipt: GateReceipt['visit'] }) {
  const cells = [
    { id: 'minutes', label: g.stayed, value: g.minutes(receipt.minutes) },
    { id: 'fee', label: g.fee, value: `${receipt.fee} ${t.coins}` },
    { id: 'calories', label: g.burned, value: `${receipt.calories} ${t.kcal}` },
    { id: 'coins', label: g.earned, value: `+${receipt.coinsEarned} ${t.coins}` },
  ];
  return (
    <View className='gate__receipt' data-testid='gate-receipt'>
      <Text className='gate__receipt-title'>{g.left}</Text>
      {cells.map((cell) => (
        <View key={cell.id} className='gate__receipt-cell'>
          <Text className='gate__receipt-label'>{cell.label}</Text>
          <Text className='gate__receipt-value' data-testid={`gate-receipt-${cell.id}`}>{cell.value}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * The venue's gate: the user shows their entry pass, staff scan or type it, choose the facility and
 * let them in or out; the receipt of a visit shows when it closes, and who is inside can be let
 * out by hand (a user who left without showing the pass again).
 */
function Gate() {
  const { businessTimeZone } = useClientConfig();
  const { signedIn, setSignedIn, venues, venue, choose } = useMerchantVenues();
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  // The visit whose letting out is being asked about: leaving charges the fee, so it is asked first.
  const [asking, setAsking] = useState<string | null>(null);
  const live = useAsync(() => (venue ? gateApi.live(venue.id) : Promise.resolve(null)), [venue?.id]);
  const facility = venue?.facilities.find((item) => item.id === facilityId) ?? venue?.facilities[0] ?? null;
  useEffect(() => {
    setOutcome(null);
    setAsking(null);
  }, [venue?.id]);

  const pass = useAction(async (direction: 'in' | 'out', value: string) => {
    if (!facility || !normalizeCode(value)) return;
    setOutcome(null);
    try {
      if (direction === 'in') {
        const { visit } = await gateApi.enter(facility.id, normalizeCode(value));
        setOutcome({ kind: 'in', text: g.entered(visit.nickname, visit.holdCoins) });
      } else {
        setOutcome({ kind: 'out', receipt: (await gateApi.exitByCode(facility.id, normalizeCode(value))).visit });
      }
      setCode('');
    } catch (error) {
      setOutcome({ kind: 'error', text: messageFor(error) });
    }
    void live.reload();
  });
  const letOut = useAction(async (visitId: string) => {
    setOutcome(null);
    try {
      setOutcome({ kind: 'out', receipt: (await gateApi.exitByVisit(visitId)).visit });
    } catch (error) {
      setOutcome({ kind: 'error', text: messageFor(error) });
    }
    setAsking(null);
    void live.reload();
  });

  if (!signedIn) return <StaffLogin role='merchant' title={t.staffLogin} onSignedIn={() => setSignedIn(true)} />;
  if (!venues.data && venues.error) return <Failure message={messageFor(venues.error)} onRetry={() => void venues.reload()} />;
  if (!venues.data) return <Loading />;
  if (!venue) return <Empty text={g.noVenues} />;
  const busy = pass.running || letOut.running;
  const people = (live.data?.people ?? []).filter((person) => !facility || person.facilityId === facility.id);

  return (
    <View className='gate' data-testid='gate'>
      {venues.data.length > 1 && (
        <View className='gate__chips'>
          {venues.data.map((item) => (
            <Text key={item.id} className={`gate__chip${item.id === venue.id ? ' gate__chip--on' : ''}`} onClick={() => choose(item.id)} data-testid='gate-venue'>{item.name}</Text>
          ))}
        </View>
      )}
      <View className='gate__head'>
        <Text className='gate__title' data-testid='gate-venue-name'>{venue.name}</Text>
        <Text className='gate__link' onClick={() => void Taro.navigateTo({ url: `/packages/merchant/pages/live/index?venue=${venue.id}` })} data-testid='open-live'>{g.openLive}</Text>
      </View>
      {venue.status !== 'live' && <Text className='gate__warning'>{`${g.venueStatus[venue.status] ?? venue.status} · ${g.notLive}`}</Text>}
      <Text className='gate__label'>{g.facility}</Text>
      {venue.facilities.length === 0 && (
        <View className='gate__warning' data-testid='gate-no-facilities'>
          <Text>{g.noFacilities}</Text>
          <Text className='gate__link' onClick={() => void Taro.navigateTo({ url: `/packages/merchant/pages/facilities/index?venue=${venue.id}` })}>{g.addFacilities}</Text>
        </View>
      )}
      <View className='gate__chips'>
        {venue.facilities.map((item) => (
          <Text key={item.id} className={`gate__chip${item.id === facility?.id ? ' gate__chip--on' : ''}`} onClick={() => setFacilityId(item.id)} data-testid='gate-facility'>
            {`${item.name} · ${live.data?.facilities.find((now) => now.id === item.id)?.inside ?? item.inside}/${item.capacity}`}
          </Text>
        ))}
      </View>
      <Text className='gate__label'>{g.passCode}</Text>
      <View className='gate__row'>
        <Input className='gate__input' placeholder={platform.canScan ? g.passPlaceholder : g.typePlaceholder} value={code} onInput={(event) => setCode(event.detail.value)} data-testid='gate-code' />
        {/* A browser has no scanner (its scanCode only prompts for typing), so there the code is typed in the field. */}
        {platform.canScan && (
          <Button size='mini' disabled={busy} onClick={() => void platform.scanCode().then((scanned) => setCode(scanned), () => undefined)} data-testid='gate-scan'>{g.scan}</Button>
        )}
      </View>
      <View className='gate__row'>
        <Button className='gate__button' type='primary' disabled={busy || !facility || !code.trim()} onClick={() => void pass.run('in', code)} data-testid='gate-enter'>{g.enter}</Button>
        <Button className='gate__button' disabled={busy || !facility || !code.trim()} onClick={() => void pass.run('out', code)} data-testid='gate-exit'>{g.exit}</Button>
      </View>
      {outcome?.kind === 'in' && <Text className='gate__notice gate__notice--ok' data-testid='gate-notice'>{outcome.text}</Text>}
      {outcome?.kind === 'error' && <Text className='gate__notice gate__notice--error' data-testid='gate-notice'>{outcome.text}</Text>}
      {outcome?.kind === 'out' && <ReceiptView receipt={outcome.receipt} />}
      <Text className='gate__label'>{g.insideNow}</Text>
      {!live.data && live.error ? <Failure message={messageFor(live.error)} onRetry={() => void live.reload()} /> : null}
      {live.data && people.length === 0 && <Text className='gate__empty'>{g.nobodyInside}</Text>}
      {people.map((person) => (
        <View key={person.visitId} className='gate__person' data-testid='gate-person'>
          <View className='gate__person-line'>
            <Text className='gate__person-name'>{person.nickname}</Text>
            <Text className='gate__person-meta'>{g.since(clockTime(person.since, businessTimeZone))}</Text>
            {asking !== person.visitId && <Button size='mini' disabled={busy} onClick={() => setAsking(person.visitId)} data-testid='gate-let-out'>{g.letOut}</Button>}
          </View>
          {asking === person.visitId && (
            <View className='gate__confirm' data-testid='gate-let-out-question'>
              <Text className='gate__confirm-question'>{g.letOutQuestion(person.nickname, venue.facilities.find((item) => item.id === person.facilityId)?.kind !== 'booking')}</Text>
              <View className='gate__confirm-buttons'>
                <Button size='mini' disabled={busy} onClick={() => setAsking(null)} data-testid='gate-let-out-keep'>{g.keep}</Button>
                <Button size='mini' type='warn' disabled={busy} onClick={() => void letOut.run(person.visitId)} data-testid='gate-let-out-confirm'>{g.confirmLetOut}</Button>
              </View>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}

export default withPageBar(Gate);
