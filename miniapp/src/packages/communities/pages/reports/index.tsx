import { Button, Text, View } from '@tarojs/components';
import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { messageFor } from '../../../../api/client';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { usePagedList } from '../../../../hooks/usePagedList';
import { postsApi, type CommunityReport } from '../../posts/api';
import { p } from '../../posts/i18n';
import { confirmDelete } from '../../posts/PostItem';
import { useBusinessTime } from '../../../../hooks/useBusinessTime';
import { withPageBar } from '../../../../components/PageBar';
import '../communities.css';
import '../../posts/posts.css';

/** One reported item: its text, why it was reported, and the moderator's delete (asked first). */
function ReportCard({ item, onGone }: { item: CommunityReport; onGone: () => void }) {
  const time = useBusinessTime();
  const [error, setError] = useState<string | null>(null);
  const remove = useAction(async () => {
    if (!(await confirmDelete())) return;
    setError(null);
    try {
      if (item.targetType === 'post') await postsApi.remove(item.targetId);
      else await postsApi.removeComment(item.targetId);
      onGone();
    } catch (caught) {
      setError(messageFor(caught));
    }
  });
  const reasons = item.reasons.map((reason) => p.reportReasons[reason] ?? reason).join('、');
  return (
    <View className='post' data-testid='community-report' data-target={`${item.targetType}:${item.targetId}`}>
      <Text className='post__meta'>{`${item.targetType === 'post' ? p.reportedPost : p.reportedComment} · ${item.author.name} · ${time.at(item.openedAt)}`}</Text>
      <Text className='post__text' data-testid='report-text'>{item.text}</Text>
      <Text className='post__meta' data-testid='report-reasons-line'>{`${p.reportCount(item.reports)}${reasons ? `：${reasons}` : ''}`}</Text>
      <View className='post__actions'>
        <Text className='post__action' onClick={() => void Taro.navigateTo({ url: `/packages/communities/pages/post/index?id=${item.postId}` })}>{p.viewPost}</Text>
        <Button size='mini' type='warn' disabled={remove.running} onClick={() => void remove.run()} data-testid='report-delete'>{p.delete}</Button>
      </View>
      {error && <Text className='notice notice--error' data-testid='report-error'>{error}</Text>}
    </View>
  );
}

/** A moderator's open reports of their community, oldest first, paged as they scroll. */
function CommunityReports() {
  const id = useRouter().params.id ?? '';
  const list = usePagedList<CommunityReport>((cursor) => postsApi.reports(id, cursor));
  const [gone, setGone] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [bottom, setBottom] = useState(0);
  useReachBottom(() => setBottom((count) => count + 1));
  useEffect(() => {
    if (bottom > 0 && !list.error) void list.load(false);
    // Each time the page is scrolled to its bottom, the next page follows.
  }, [bottom]);

  // A deleted post takes its reported comments with it.
  const drop = (item: CommunityReport) => {
    setGone((state) => new Set([...state, item.id, ...(item.targetType === 'post' ? [`post:${item.postId}`] : [])]));
    setNotice(p.deleted);
  };
  const items = list.items.filter((item) => !gone.has(item.id) && !gone.has(`post:${item.postId}`));
  let body;
  if (items.length === 0) {
    if (list.error) body = <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
    else if (list.loading || !list.done) body = <Loading />;
    else body = <Empty text={p.noReports} />;
  } else {
    body = (
      <View>
        {items.map((item) => (
          <ReportCard key={item.id} item={item} onGone={() => drop(item)} />
        ))}
        {Boolean(list.error) && <Text className='notice notice--error'>{messageFor(list.error)}</Text>}
        <Text className='feed-more' onClick={() => void list.load(false)} data-testid='reports-more'>{list.done ? p.noMore : p.loadMore}</Text>
      </View>
    );
  }
  return (
    <View className='detail' data-testid='community-reports'>
      <Text className='communities__hint'>{p.reportsHint}</Text>
      {notice && <Text className='notice notice--ok' data-testid='reports-notice'>{notice}</Text>}
      {body}
    </View>
  );
}

export default withPageBar(CommunityReports);
