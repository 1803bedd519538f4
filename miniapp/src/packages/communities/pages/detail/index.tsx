import { Button, Text, View } from '@tarojs/components';
import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { businessDate } from '@calorie-bank/shared/dates';
import { api, messageFor, type BoardAnswer, type Community, type CommunityEvent } from '../../../../api/client';
import { loadClientConfig } from '../../../../api/client-config';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { formatNumber } from '../../../../i18n/format';
import { t } from '../../../../i18n/messages';
import { u } from '../../../../i18n/ux';
import { EventCard, waitAfter } from './EventCard';
import { p } from '../../posts/i18n';
import { PostsSection } from '../../posts/PostsSection';
import { withPageBar } from '../../../../components/PageBar';
import '../communities.css';

interface Detail {
  community: Community;
  board: BoardAnswer;
  events: CommunityEvent[];
}

/** One community: join or leave, its board of today, and its events with sign-up and check-in. */
function CommunityDetail() {
  const id = useRouter().params.id ?? '';
  const detail = useAsync<Detail>(async () => {
    const today = businessDate(new Date(), (await loadClientConfig()).businessTimeZone);
    const [community, board, events] = await Promise.all([api.community(id), api.leaderboard(today, 10, `community:${id}`), api.events(id)]);
    return { community: community.community, board, events: events.items };
  }, [id]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [lockedUntil, setLockedUntil] = useState<Record<string, number>>({});
  const [bottom, setBottom] = useState(0);
  useReachBottom(() => setBottom((count) => count + 1));

  // Join, leave, sign up, cancel and check in: one at a time on this page.
  const action = useAction(async (work: () => Promise<string | null>, eventId?: string) => {
    setNotice(null);
    try {
      const text = await work();
      if (text) setNotice({ kind: 'ok', text });
      await detail.reload();
    } catch (error) {
      const until = waitAfter(error);
      if (until !== null && eventId) {
        // Too many wrong codes: say how long, and keep the box shut until then.
        setLockedUntil((state) => ({ ...state, [eventId]: until }));
        setNotice({ kind: 'error', text: u.tooManyCodes(Math.ceil((until - Date.now()) / 1000)) });
      } else {
        setNotice({ kind: 'error', text: messageFor(error) });
      }
    }
  });
  const act = (work: () => Promise<string | null>, eventId?: string) => void action.run(work, eventId);
  const busy = action.running;
  // Leaving takes the user off the community's boards at once: asked first, as a tap can slip.
  async function leave() {
    const { confirm } = await Taro.showModal({ title: t.leaveQuestion, content: t.leaveWarning, confirmText: t.leave, cancelText: t.keep });
    if (confirm) act(async () => (await api.leaveCommunity(id), null));
  }

  if (!detail.data && detail.loading) return <Loading />;
  if (!detail.data) return <Failure message={messageFor(detail.error)} onRetry={() => void detail.reload()} />;
  const { community, board, events } = detail.data;
  return (
    <View className='detail'>
      <View className='detail__head'>
        <View className='detail__title'>
          <Text className='community__name' data-testid='community-name'>{community.name}</Text>
          {community.moderator && <Text className='moderator-badge' data-testid='moderator-badge'>{p.moderatorBadge}</Text>}
        </View>
        <Text className='community__meta' data-testid='member-count'>{t.members(community.memberCount)}</Text>
        {community.description && <Text className='community__description'>{community.description}</Text>}
        {community.joined ? (
          <Button size='mini' disabled={busy} onClick={() => void leave()} data-testid='leave'>
            {t.leave}
          </Button>
        ) : (
          <Button size='mini' type='primary' disabled={busy} onClick={() => act(async () => (await api.joinCommunity(id), null))} data-testid='join'>
            {t.join}
          </Button>
        )}
      </View>
      {community.moderator && (
        <Text className='communities__feed-link' onClick={() => void Taro.navigateTo({ url: `/packages/communities/pages/reports/index?id=${id}` })} data-testid='open-reports'>
          {p.openReports}
        </Text>
      )}
      {notice && <Text className={`notice notice--${notice.kind}`} data-testid='notice'>{notice.text}</Text>}
      <Text className='section'>{t.communityBoard}</Text>
      {board.entries.length === 0 ? (
        <Empty text={t.emptyBoard} />
      ) : (
        board.entries.map((entry) => (
          <View key={entry.userId} className='board-row' data-testid='community-rank-row'>
            <Text className='board-row__rank'>{entry.rank}</Text>
            <Text className='board-row__name'>{entry.nickname}</Text>
            <Text className='board-row__steps'>{`${formatNumber(entry.steps)} ${t.steps}`}</Text>
          </View>
        ))
      )}
      <Text className='section'>{t.events}</Text>
      {events.length === 0 && <Empty text={t.noEvents} />}
      {events.map((event: CommunityEvent) => (
        <EventCard
          key={event.id}
          event={event}
          joined={community.joined}
          busy={busy}
          lockedUntil={lockedUntil[event.id] ?? null}
          onSignUp={() => act(async () => (await api.signUp(event.id), t.signedUp))}
          onCancel={() => act(async () => (await api.cancelSignUp(event.id), null))}
          onCheckIn={(code) => act(async () => t.checkinDone((await api.checkIn(event.id, code)).credited), event.id)}
        />
      ))}
      <PostsSection communityId={id} joined={community.joined} events={events.filter((event) => event.status === 'scheduled')} reachedBottom={bottom} />
    </View>
  );
}

export default withPageBar(CommunityDetail);
