import { ScrollView, Text, View } from '@tarojs/components';
import VirtualList from '@tarojs/components-advanced/dist/components/virtual-list';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { addDays, businessDate } from '@calorie-bank/shared/dates';
import { api, messageFor, type BoardAnswer } from '../../api/client';
import { loadClientConfig } from '../../api/client-config';
import { Empty, Failure, Loading } from '../../components/StateView';
import { useAsync } from '../../hooks/useAsync';
import { formatNumber } from '../../i18n/format';
import { t } from '../../i18n/messages';
import { LikeButton, LikedMe, toggleLike } from './Likes';
import './index.css';

type Entry = BoardAnswer['entries'][number];

/** Row height in real pixels: the list positions rows by it, so the row's CSS uses unscaled PX too. */
const ROW_HEIGHT = 56;
/** The tabs, the board chips and the pinned "my rank" bar above the list, in real pixels. */
const CHROME_HEIGHT = 152;

function listHeight(): number {
  try {
    return Math.max(240, Taro.getSystemInfoSync().windowHeight - CHROME_HEIGHT);
  } catch {
    return 480;
  }
}

type Row = Entry & { mine: boolean; onToggle: () => Promise<void> };

function Row({ id, index, data }: { id: string; index: number; data: Row[] }) {
  const entry = data[index];
  const mine = entry.mine;
  return (
    <View id={id} className={`row${entry.rank <= 3 ? ' row--top' : ''}${mine ? ' row--mine' : ''}`} data-testid='rank-row' data-mine={mine ? '1' : undefined}>
      <Text className='row__rank'>{entry.rank}</Text>
      <Text className='row__name'>{entry.nickname}</Text>
      {entry.member && <Text className='row__member' data-testid='member-badge'>{t.memberBadge}</Text>}
      <Text className='row__steps'>{`${formatNumber(entry.steps)} ${t.steps}`}</Text>
      <LikeButton likes={entry.likes} likedByMe={entry.likedByMe} mine={mine} onToggle={entry.onToggle} />
    </View>
  );
}

export default function Ranks() {
  const [day, setDay] = useState<'today' | 'yesterday'>('today');
  const [scope, setScope] = useState('global');
  const board = useAsync(async () => {
    // Today as the BFF counts it, so the board of the right day comes first time.
    const today = businessDate(new Date(), (await loadClientConfig()).businessTimeZone);
    return api.leaderboard(day === 'today' ? today : addDays(today, -1), 1000, scope);
  }, [day, scope]);
  // The boards the user belongs on besides everyone's: their communities' and their campaigns'.
  const scopes = useAsync(async () => {
    const [communities, campaigns] = await Promise.all([api.communities(null, true), api.campaigns()]);
    return [
      ...communities.items.map((community) => ({ scope: `community:${community.id}`, name: community.name })),
      ...campaigns.items.map((campaign) => ({ scope: `campaign:${campaign.id}`, name: campaign.name })),
    ];
  }, []);
  const [likedMeOpen, setLikedMeOpen] = useState(false);
  const [likeError, setLikeError] = useState<string | null>(null);
  async function like(entry: Entry) {
    const shown = board.data;
    if (!shown) return;
    setLikeError(null);
    try {
      const answer = await toggleLike(entry, shown.date, shown.scope);
      board.setData({
        ...shown,
        entries: shown.entries.map((row) => (row.userId === answer.userId ? { ...row, likes: answer.likes, likedByMe: answer.likedByMe } : row)),
      });
    } catch (error) {
      setLikeError(messageFor(error));
    }
  }
  useDidShow(() => {
    if (board.data) void board.reload();
    if (scopes.data) void scopes.reload();
  });

  /** Why the caller has no place on a board that has been read: each board asks for something else. */
  const notRankedOn = (shownDay: string, shownScope: string) => {
    if (shownDay === 'yesterday') return t.notRankedThatDay;
    if (shownScope.startsWith('campaign:')) return t.notRankedCampaign;
    return t.notRanked;
  };

  return (
    <View className='ranks'>
      <View className='tabs'>
        {(['today', 'yesterday'] as const).map((tab) => (
          <Text key={tab} className={`tabs__tab ${day === tab ? 'tabs__tab--on' : ''}`} onClick={() => setDay(tab)} data-testid={`tab-${tab}`}>
            {tab === 'today' ? t.ranksToday : t.ranksYesterday}
          </Text>
        ))}
      </View>
      {(scopes.data?.length ?? 0) > 0 && (
        <ScrollView className='scopes' scrollX data-testid='scopes'>
          {[{ scope: 'global', name: t.scopeGlobal }, ...scopes.data!].map((option) => (
            <Text
              key={option.scope}
              className={`scopes__chip ${scope === option.scope ? 'scopes__chip--on' : ''}`}
              onClick={() => setScope(option.scope)}
              data-testid={`scope-${option.scope}`}
            >
              {option.name}
            </Text>
          ))}
        </ScrollView>
      )}
      <View className='mine' data-testid='my-rank'>
        <Text className='mine__label'>{t.myRank}</Text>
        <View className='mine__right'>
          <Text className='mine__value'>
            {board.data?.me ? `${board.data.me.rank} · ${formatNumber(board.data.me.steps)} ${t.steps}` : board.data ? notRankedOn(day, scope) : '—'}
          </Text>
          {board.data?.me && (
            <Text className='mine__likes' onClick={() => setLikedMeOpen(true)} data-testid='my-likes'>{`♥ ${formatNumber(board.data.me.likes ?? 0)}`}</Text>
          )}
        </View>
      </View>
      {likeError && <Text className='ranks__error' data-testid='like-error'>{likeError}</Text>}
      {board.loading && !board.data ? (
        <Loading />
      ) : board.error && !board.data ? (
        <Failure message={messageFor(board.error)} onRetry={() => void board.reload()} />
      ) : board.data && board.data.entries.length === 0 ? (
        <Empty text={t.emptyBoard} />
      ) : board.data ? (
        <VirtualList
          height={listHeight()}
          width='100%'
          item={Row}
          itemData={board.data.entries.map((entry): Row => ({ ...entry, mine: entry.rank === board.data!.me?.rank, onToggle: () => like(entry) }))}
          itemCount={board.data.entries.length}
          itemSize={ROW_HEIGHT}
          overscanCount={8}
        />
      ) : null}
      {likedMeOpen && board.data && <LikedMe date={board.data.date} onClose={() => setLikedMeOpen(false)} />}
    </View>
  );
}
