import { Text, View } from '@tarojs/components';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { messageFor } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { Occupancy } from '../../../../components/Occupancy';
import { StaffLogin } from '../../../../components/StaffLogin';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { clockTime } from '../../../../i18n/clock';
import { t } from '../../../../i18n/messages';
import { gateApi, type VenueLive } from '../gate/api';
import { g } from '../gate/i18n';
import { useMerchantVenues } from '../gate/useVenues';
import { withPageBar } from '../../../../components/PageBar';
import './index.css';

/** Used until the BFF has said how often to ask. */
const DEFAULT_POLL_SECONDS = 5;

/**
 * Polls the venue's live view while the screen is shown (the BFF documents polling, every
 * `pollSeconds`); a failed poll keeps the last figures on screen with the error above them.
 */
function useLive(venueId: string | null) {
  const [live, setLive] = useState<VenueLive | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [visible, setVisible] = useState(true);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));
  useEffect(() => {
    setLive(null);
    setError(null);
  }, [venueId]);
  useEffect(() => {
    if (!venueId || !visible) return;
    let stopped = false;
    async function poll() {
      let wait = DEFAULT_POLL_SECONDS;
      try {
        const next = await gateApi.live(venueId as string);
        if (stopped) return;
        setLive(next);
        setError(null);
        wait = next.pollSeconds > 0 ? next.pollSeconds : DEFAULT_POLL_SECONDS;
      } catch (caught) {
        if (stopped) return;
        setError(caught);
      }
      timer.current = setTimeout(() => void poll(), wait * 1000);
    }
    void poll();
    return () => {
      stopped = true;
      if (timer.current) clearTimeout(timer.current);
    };
  }, [venueId, visible]);
  return { live, error };
}

/** A tablet at the entrance: how full each facility is now and who is inside, kept current. */
function LiveScreen() {
  const { businessTimeZone } = useClientConfig();
  const { signedIn, setSignedIn, venues, venue, choose } = useMerchantVenues();
  const { live, error } = useLive(signedIn && venue ? venue.id : null);

  if (!signedIn) return <StaffLogin role='merchant' title={t.staffLogin} onSignedIn={() => setSignedIn(true)} />;
  if (!venues.data && venues.error) return <Failure message={messageFor(venues.error)} onRetry={() => void venues.reload()} />;
  if (!venues.data) return <Loading />;
  if (!venue) return <Empty text={g.noVenues} />;
  // A merchant with several venues picks the one this screen shows; the page's `venue` query picks it for a fixed tablet.
  const switcher = venues.data.length > 1 && (
    <View className='live__venues'>
      {venues.data.map((item) => (
        <Text key={item.id} className={`live__venue${item.id === venue.id ? ' live__venue--on' : ''}`} onClick={() => choose(item.id)} data-testid='live-venue'>{item.name}</Text>
      ))}
    </View>
  );
  if (!live) {
    return (
      <View className='live' data-testid='live'>
        {switcher}
        {error ? <Failure message={messageFor(error)} /> : <Loading />}
      </View>
    );
  }
  const now = Date.parse(live.at);
  return (
    <View className='live' data-testid='live'>
      {switcher}
      <View className='live__head'>
        <Text className='live__title' data-testid='live-venue-name'>{venue.name}</Text>
        <Text className='live__updated' data-testid='live-updated'>{g.updatedAt(clockTime(live.at, businessTimeZone))}</Text>
      </View>
      {Boolean(error) && <Text className='live__error'>{messageFor(error)}</Text>}
      {live.facilities.length === 0 && <Text className='live__empty' data-testid='live-empty'>{g.liveNoFacilities}</Text>}
      <View className='live__grid'>
        {live.facilities.map((facility) => {
          const people = live.people.filter((person) => person.facilityId === facility.id);
          const full = facility.inside >= facility.capacity;
          return (
            <View key={facility.id} className={`live__tile${full ? ' live__tile--full' : ''}`} data-testid='live-facility' data-facility-id={facility.id}>
              <Text className='live__name'>{facility.name}</Text>
              <Text className='live__count' data-testid='live-inside'>{g.inside(facility.inside, facility.capacity)}</Text>
              <Occupancy inside={facility.inside} capacity={facility.capacity} label={full ? g.full : g.places(facility.capacity - facility.inside)} testId='live-occupancy' />
              {people.length === 0 && <Text className='live__nobody'>{g.nobodyInside}</Text>}
              {people.map((person) => (
                <View key={person.visitId} className='live__person' data-testid='live-person'>
                  <Text className='live__person-name'>{person.nickname}</Text>
                  <Text className='live__person-meta'>{`${g.since(clockTime(person.since, businessTimeZone))} · ${g.minutesInside(Math.max(0, Math.floor((now - Date.parse(person.since)) / 60_000)))}`}</Text>
                </View>
              ))}
            </View>
          );
        })}
      </View>
    </View>
  );
}

export default withPageBar(LiveScreen);
