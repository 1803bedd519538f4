import { ScrollView, Text, View } from '@tarojs/components';
import VirtualList from '@tarojs/components-advanced/dist/components/virtual-list';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { addDays, businessDate } from '@calorie-bank/shared/dates';
import { api, messageFor, type BoardAnswer } from '../../api/client';
import { loadClientConfig } from '../../api/client-config';
import { Empty, Failure, Loading } from '../../components/StateView';
import { useAsync } from '../../hooks/useAsync';
import { t } from '../../i18n/messages';
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

function Row({ id, index, data }: { id: string; index: number; data: Entry[] }) {
  const entry = data[index];
  return (
    <View id={id} className={`row ${entry.rank <= 3 ? 'row--top' : ''}`} data-testid='rank-row'>
      <Text className='row__rank'>{entry.rank}</Text>
      <Text className='row__name'>{entry.nickname}</Text>
      <Text className='row__steps'>{`${entry.steps.toLocaleString()} ${t.steps}`}</Text>
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
  useDidShow(() => {
    if (board.data) void board.reload();
    if (scopes.data) void scopes.reload();
  });

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
        <Text className='mine__value'>
          {board.data?.me ? `${board.data.me.rank} · ${board.data.me.steps.toLocaleString()} ${t.steps}` : t.notRanked}
        </Text>
      </View>
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
          itemData={board.data.entries}
          itemCount={board.data.entries.length}
          itemSize={ROW_HEIGHT}
          overscanCount={8}
        />
      ) : null}
    </View>
  );
}
