import { Button, Text, View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';
import { messageFor } from '../../../../api/client';
import { StaffLogin } from '../../../../components/StaffLogin';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { t } from '../../../../i18n/messages';
import { venueAdminApi } from '../gate/api';
import { g } from '../gate/i18n';
import { useMerchantVenues } from '../gate/useVenues';
import { FacilityForm } from './FacilityForm';
import { f } from './i18n';
import { SlotPatternEditor } from './SlotPatternEditor';
import { VenueForm } from './VenueForm';
import { withPageBar } from '../../../../components/PageBar';
import './index.css';

/**
 * A venue's facilities, their prices and the weekly slots of the booking ones, edited by its
 * merchant; a draft (or rejected) venue is sent for review from here.
 */
function Facilities() {
  const { signedIn, setSignedIn, venues, venue, choose } = useMerchantVenues();
  const detail = useAsync(() => (venue ? venueAdminApi.venue(venue.id).then((answer) => answer.venue) : Promise.resolve(null)), [venue?.id]);
  // What the last save or submission came to, said beside the button that did it (`at`): the page
  // is long, and a line at its top is thousands of pixels from a facility's slots.
  const [notice, setNotice] = useState<{ at: string; kind: 'ok' | 'error'; text: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const saved = (at: string) => (text: string) => {
    setNotice({ at, kind: 'ok', text });
    setAdding(false);
    void detail.reload();
  };
  const noticeAt = (at: string): ReactNode =>
    notice?.at === at && <Text className={`facilities__notice facilities__notice--${notice.kind}`} data-testid='facilities-notice'>{notice.text}</Text>;
  const submit = useAction(async () => {
    if (!venue) return;
    try {
      await venueAdminApi.submit(venue.id);
      saved('submit')(f.submitted);
      void venues.reload();
    } catch (error) {
      setNotice({ at: 'submit', kind: 'error', text: messageFor(error) });
    }
  });

  if (!signedIn) return <StaffLogin role='merchant' title={t.staffLogin} onSignedIn={() => setSignedIn(true)} />;
  if (!venues.data && venues.error) return <Failure message={messageFor(venues.error)} onRetry={() => void venues.reload()} />;
  if (!venues.data) return <Loading />;
  if (!venue) return <Empty text={g.noVenues} />;
  const current = detail.data;
  return (
    <View className='facilities' data-testid='facilities'>
      {venues.data.length > 1 && (
        <View className='facility-form__chips'>
          {venues.data.map((item) => (
            <Text key={item.id} className={`facility-form__chip${item.id === venue.id ? ' facility-form__chip--on' : ''}`} onClick={() => choose(item.id)}>{item.name}</Text>
          ))}
        </View>
      )}
      <View className='facilities__head'>
        <Text className='facilities__title'>{venue.name}</Text>
        <Text className='facilities__status' data-testid='venue-status'>{f.status(g.venueStatus[venue.status] ?? venue.status)}</Text>
      </View>
      {venue.rejectReason && venue.status === 'rejected' && <Text className='facility-form__error'>{venue.rejectReason}</Text>}
      {(venue.status === 'draft' || venue.status === 'rejected') && (
        <Button size='mini' type='primary' disabled={submit.running} onClick={() => void submit.run()} data-testid='submit-venue'>{f.submit}</Button>
      )}
      {noticeAt('submit')}
      {!current && detail.error ? <Failure message={messageFor(detail.error)} onRetry={() => void detail.reload()} /> : null}
      {!current && !detail.error && <Loading />}
      {current && (
        <View className='facilities__card'>
          <Text className='facilities__name'>{f.venueInfo}</Text>
          <VenueForm
            key={`${current.id}:${current.name}:${current.address}:${JSON.stringify(current.openingHours)}`}
            venue={current}
            notice={noticeAt('venue')}
            onSaved={(text) => {
              saved('venue')(text);
              void venues.reload();
            }}
          />
        </View>
      )}
      {current && current.facilities.length === 0 && !adding && <Empty text={f.noFacilities} />}
      {current?.facilities.map((facility) => (
        <View key={`${facility.id}:${facility.name}:${facility.capacity}`} className='facilities__card' data-testid='edit-facility'>
          <Text className='facilities__name'>{`${facility.name} · ${facility.kind === 'walk_in' ? f.walkIn : f.booking}`}</Text>
          <FacilityForm venueId={venue.id} facility={facility} notice={noticeAt(`facility:${facility.id}`)} onSaved={saved(`facility:${facility.id}`)} />
          {facility.kind === 'booking' && (
            <SlotPatternEditor
              facilityId={facility.id}
              capacity={facility.capacity}
              pattern={facility.slotPattern ?? []}
              notice={noticeAt(`pattern:${facility.id}`)}
              onSaved={saved(`pattern:${facility.id}`)}
            />
          )}
        </View>
      ))}
      {current && (adding ? (
        <View className='facilities__card'>
          <Text className='facilities__name'>{f.newFacility}</Text>
          <FacilityForm venueId={venue.id} onSaved={saved('new')} />
        </View>
      ) : (
        <View className='facilities__add'>
          <Button size='mini' onClick={() => setAdding(true)} data-testid='new-facility'>{f.newFacility}</Button>
          {noticeAt('new')}
        </View>
      ))}
    </View>
  );
}

export default withPageBar(Facilities);
