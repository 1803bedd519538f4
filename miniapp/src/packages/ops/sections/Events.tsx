import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { Empty, Failure, Loading } from '../../../components/StateView';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
import { useAction } from '../../../hooks/useAction';
import { useAsync } from '../../../hooks/useAsync';
import { opsApi, type CommunityRequest } from '../api';
import { e } from '../events-i18n';
import { EventCard } from './EventCard';
import { EventForm } from './EventForm';
import { Moderators } from './Moderators';

type Notice = { kind: 'ok' | 'error'; text: string } | null;
type Category = CommunityRequest['category'];
// The shared list lives beside its zod schema; importing it would ship zod to the console.
const COMMUNITY_CATEGORIES: Category[] = ['hiking', 'cycling', 'running', 'walking', 'badminton', 'other'];

function CommunityForm({ onCreated }: { onCreated: (id: string, name: string) => void }) {
  const [name, setName] = useState('');
  const [category, setCategory] = useState<Category>('hiking');
  const [error, setError] = useState<string | null>(null);
  const create = useAction(async () => {
    setError(null);
    try {
      const { community } = await opsApi.createCommunity({ name: name.trim(), category, description: '' });
      setName('');
      onCreated(community.id, community.name);
    } catch (caught) {
      setError(fieldErrorsOf(caught, ['name']).name ?? messageFor(caught));
    }
  });
  return (
    <View className='ops-card' data-testid='community-form'>
      <View className='ops-bar'>
        <Input className='ops-input ops-input--wide' placeholder={e.communityName} value={name} onInput={(input) => setName(input.detail.value)} data-testid='community-name-input' />
        <Button className='ops-button' size='mini' type='primary' disabled={create.running} onClick={() => void create.run()} data-testid='create-community'>{e.createCommunity}</Button>
      </View>
      {error && <Text className='field-error' data-testid='field-error-name'>{error}</Text>}
      <View className='ops-bar'>
        {COMMUNITY_CATEGORIES.map((option) => (
          <Text key={option} className={`ops-chip${option === category ? ' ops-chip--on' : ''}`} onClick={() => setCategory(option)}>{e.categories[option]}</Text>
        ))}
      </View>
    </View>
  );
}

/** Communities, their moderators and their events: create a community or an event, edit or cancel an event, its sign-ups and its check-in code as a QR. */
export function Events() {
  const communities = useAsync(() => opsApi.communities(), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const [form, setForm] = useState<'community' | 'event' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const communityId = chosen ?? communities.data?.items[0]?.id ?? null;
  const events = useAsync(async () => (communityId ? (await opsApi.events(communityId)).items : []), [communityId]);

  if (!communities.data && communities.error) return <Failure message={messageFor(communities.error)} onRetry={() => void communities.reload()} />;
  if (!communities.data) return <Loading />;
  const changed = (text: string | null, error = false) => {
    setNotice(text ? { kind: error ? 'error' : 'ok', text } : null);
    void events.reload();
  };
  return (
    <View data-testid='ops-events'>
      <View className='ops-bar'>
        {communities.data.items.map((community) => (
          <Text key={community.id} className={`ops-chip${community.id === communityId ? ' ops-chip--on' : ''}`} onClick={() => setChosen(community.id)} data-testid='ops-community'>{community.name}</Text>
        ))}
        <Button className='ops-button' size='mini' onClick={() => setForm(form === 'community' ? null : 'community')} data-testid='new-community'>{form === 'community' ? e.closeForm : e.newCommunity}</Button>
        {communityId && <Button className='ops-button' size='mini' type='primary' onClick={() => setForm(form === 'event' ? null : 'event')} data-testid='new-event'>{form === 'event' ? e.closeForm : e.newEvent}</Button>}
      </View>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='events-notice'>{notice.text}</Text>}
      {form === 'community' && (
        <CommunityForm onCreated={(id, name) => { setForm(null); setChosen(id); setNotice({ kind: 'ok', text: e.communityCreated(name) }); void communities.reload(); }} />
      )}
      {form === 'event' && communityId && <EventForm communityId={communityId} onDone={(text) => { setForm(null); changed(text); }} />}
      {communities.data.items.length === 0 && <Empty text={e.noCommunities} />}
      {communityId && <Moderators key={communityId} communityId={communityId} />}
      {events.loading && !events.data ? <Loading /> : events.data && events.data.length === 0 && communityId ? <Empty text={e.noEvents} /> : null}
      <View className='ops-grid ops-grid--events'>
        {events.data?.map((event) => <EventCard key={event.id} event={event} onChanged={changed} />)}
      </View>
    </View>
  );
}
