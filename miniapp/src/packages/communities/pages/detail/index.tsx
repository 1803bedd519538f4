import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { businessDate } from '@calorie-bank/shared/dates';
import { api, messageFor, type BoardAnswer, type Community, type CommunityEvent } from '../../../../api/client';
import { loadClientConfig } from '../../../../api/client-config';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAsync } from '../../../../hooks/useAsync';
import { t } from '../../../../i18n/messages';
import '../communities.css';

interface Detail {
  community: Community;
  board: BoardAnswer;
  events: CommunityEvent[];
}

function when(event: CommunityEvent): string {
  const start = new Date(event.startsAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${start.getMonth() + 1}/${start.getDate()} ${pad(start.getHours())}:${pad(start.getMinutes())}`;
}

/** One community: join or leave, its board of today, and its events with sign-up and check-in. */
export default function CommunityDetail() {
  const id = useRouter().params.id ?? '';
  const detail = useAsync<Detail>(async () => {
    const today = businessDate(new Date(), (await loadClientConfig()).businessTimeZone);
    const [community, board, events] = await Promise.all([api.community(id), api.leaderboard(today, 10, `community:${id}`), api.events(id)]);
    return { community: community.community, board, events: events.items };
  }, [id]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [codes, setCodes] = useState<Record<string, string>>({});

  async function act(work: () => Promise<string | null>) {
    setBusy(true);
    setNotice(null);
    try {
      const text = await work();
      if (text) setNotice({ kind: 'ok', text });
      await detail.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    } finally {
      setBusy(false);
    }
  }

  if (!detail.data && detail.loading) return <Loading />;
  if (!detail.data) return <Failure message={messageFor(detail.error)} onRetry={() => void detail.reload()} />;
  const { community, board, events } = detail.data;
  return (
    <View className='detail'>
      <View className='detail__head'>
        <Text className='community__name' data-testid='community-name'>{community.name}</Text>
        <Text className='community__meta' data-testid='member-count'>{t.members(community.memberCount)}</Text>
        {community.description && <Text className='community__description'>{community.description}</Text>}
        {community.joined ? (
          <Button size='mini' disabled={busy} onClick={() => void act(async () => (await api.leaveCommunity(id), null))} data-testid='leave'>
            {t.leave}
          </Button>
        ) : (
          <Button size='mini' type='primary' disabled={busy} onClick={() => void act(async () => (await api.joinCommunity(id), null))} data-testid='join'>
            {t.join}
          </Button>
        )}
      </View>
      {notice && <Text className={`notice notice--${notice.kind}`} data-testid='notice'>{notice.text}</Text>}
      <Text className='section'>{t.communityBoard}</Text>
      {board.entries.length === 0 ? (
        <Empty text={t.emptyBoard} />
      ) : (
        board.entries.map((entry) => (
          <View key={entry.userId} className='board-row' data-testid='community-rank-row'>
            <Text className='board-row__rank'>{entry.rank}</Text>
            <Text className='board-row__name'>{entry.nickname}</Text>
            <Text className='board-row__steps'>{`${entry.steps.toLocaleString()} ${t.steps}`}</Text>
          </View>
        ))
      )}
      <Text className='section'>{t.events}</Text>
      {events.length === 0 && <Empty text={t.noEvents} />}
      {events.map((event) => (
        <View key={event.id} className='event' data-testid='event'>
          <Text className='event__title'>{event.title}</Text>
          <Text className='event__meta'>{`${when(event)} · ${event.place}`}</Text>
          <Text className='event__meta' data-testid='event-places'>
            {t.places(event.signedUp, event.capacity)}
            {event.rewardCoins > 0 ? ` · ${t.eventReward(event.rewardCoins)}` : ''}
          </Text>
          {event.myStatus === 'checked_in' && <Text className='event__status' data-testid='event-status'>{t.eventCheckedIn}</Text>}
          {event.myStatus === 'none' && (
            <Button size='mini' type='primary' disabled={busy || !community.joined} onClick={() => void act(async () => (await api.signUp(event.id), t.signedUp))} data-testid='signup'>
              {t.signUp}
            </Button>
          )}
          {event.myStatus === 'signed_up' && (
            <View className='event__checkin'>
              <Text className='event__status' data-testid='event-status'>{t.signedUp}</Text>
              <Input
                className='event__code'
                type='number'
                maxlength={6}
                placeholder={t.checkinCode}
                value={codes[event.id] ?? ''}
                onInput={(input) => setCodes((state) => ({ ...state, [event.id]: input.detail.value }))}
                data-testid='checkin-code'
              />
              <Button
                size='mini'
                type='primary'
                disabled={busy || (codes[event.id] ?? '').length !== 6}
                onClick={() => void act(async () => t.checkinDone((await api.checkIn(event.id, codes[event.id])).credited))}
                data-testid='checkin'
              >
                {t.checkinSubmit}
              </Button>
              <Button size='mini' disabled={busy} onClick={() => void act(async () => (await api.cancelSignUp(event.id), null))} data-testid='cancel-signup'>
                {t.cancelSignUp}
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
