import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { messageFor } from '../../../../api/client';
import { Failure, Loading } from '../../../../components/StateView';
import { useStanding } from '../../../../components/Warnings';
import { useAsync } from '../../../../hooks/useAsync';
import { postsApi } from '../../posts/api';
import { isMine, useMyUserId } from '../../posts/mine';
import { PostItem } from '../../posts/PostItem';
import { Comments } from './Comments';
import { withPageBar } from '../../../../components/PageBar';
import '../communities.css';
import '../../posts/posts.css';

/** One post in full, with its comments and replies; a frozen user is told why they cannot comment. */
function PostDetail() {
  const id = useRouter().params.id ?? '';
  const post = useAsync(() => postsApi.post(id), [id]);
  const [comments, setComments] = useState<number | null>(null);
  const standing = useStanding();
  const myUserId = useMyUserId();
  if (!post.data && post.loading) return <Loading />;
  if (!post.data) return <Failure message={messageFor(post.error)} onRetry={() => void post.reload()} />;
  const shown = { ...post.data.post, comments: comments ?? post.data.post.comments };
  return (
    <View className='detail' data-testid='post-detail'>
      <PostItem post={shown} full mine={isMine(shown.author, myUserId)} onGone={() => void Taro.navigateBack()} />
      <Comments postId={id} onCount={setComments} frozen={standing.data?.frozen ?? false} myUserId={myUserId} />
    </View>
  );
}

export default withPageBar(PostDetail);
