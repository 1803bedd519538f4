import { Text, View } from '@tarojs/components';
import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { contract, messageFor } from '../../api/client';
import { useClientConfig } from '../../api/client-config';
import { Empty, Failure, Loading } from '../../components/StateView';
import { useAction } from '../../hooks/useAction';
import { useAsync } from '../../hooks/useAsync';
import { clockTime } from '../../i18n/clock';
import { formatNumber } from '../../i18n/format';
import { u } from '../../i18n/ux';

type Routes = typeof API_ROUTES;
export type LikeAnswer = RouteResponse<Routes['likeBoardEntry']>['like'];

/** Likes one entry of a day's board, or takes the like back. */
export function toggleLike(entry: { userId: string; likedByMe: boolean }, date: string, scope: string): Promise<LikeAnswer> {
  const target = { date, scope, userId: entry.userId };
  return (entry.likedByMe ? contract.unlikeBoardEntry({ query: target }) : contract.likeBoardEntry({ body: target })).then((answer) => answer.like);
}

/**
 * The heart and count on a board row: tappable on others' rows, a count only on the user's own.
 * One tap at a time, so a double tap neither likes twice nor likes and unlikes.
 */
export function LikeButton({ likes, likedByMe, mine, onToggle }: { likes: number; likedByMe: boolean; mine: boolean; onToggle: () => Promise<void> }) {
  const toggle = useAction(onToggle);
  return (
    <View
      className={`like${likedByMe ? ' like--on' : ''}${mine ? ' like--mine' : ''}${toggle.running ? ' like--busy' : ''}`}
      onClick={(event) => {
        event.stopPropagation();
        if (!mine) void toggle.run();
      }}
      aria-label={likedByMe ? u.liked : u.like}
      data-testid='like'
      data-liked={likedByMe ? '1' : '0'}
    >
      <Text className='like__heart'>{likedByMe || mine ? '♥' : '♡'}</Text>
      <Text className='like__count' data-testid='like-count'>{formatNumber(likes)}</Text>
    </View>
  );
}

/** Who liked the user's entries on `date`, newest first. */
export function LikedMe({ date, onClose }: { date: string; onClose: () => void }) {
  const { businessTimeZone } = useClientConfig();
  const likes = useAsync(() => contract.myLikes({ query: { date, limit: 50 } }), [date]);
  const close = useAction(async () => onClose());
  return (
    <View className='liked-me' data-testid='liked-me'>
      <View className='liked-me__head'>
        <Text className='liked-me__title'>{likes.data ? `${u.likedMe} · ${formatNumber(likes.data.total)}` : u.likedMe}</Text>
        <Text className='liked-me__close' onClick={() => void close.run()} data-testid='liked-me-close'>×</Text>
      </View>
      {likes.loading && !likes.data ? (
        <Loading />
      ) : likes.error && !likes.data ? (
        <Failure message={messageFor(likes.error)} onRetry={() => void likes.reload()} />
      ) : likes.data && likes.data.items.length === 0 ? (
        <Empty text={u.noLikes} />
      ) : (
        likes.data?.items.map((like) => (
          <View key={`${like.userId}-${like.scope}`} className='liked-me__row' data-testid='liked-me-row'>
            <Text className='liked-me__name'>{like.nickname}</Text>
            <Text className='liked-me__time'>{clockTime(like.likedAt, businessTimeZone)}</Text>
          </View>
        ))
      )}
    </View>
  );
}
