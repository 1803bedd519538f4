import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { messageFor } from '../../../../api/client';
import { Failure, Loading } from '../../../../components/StateView';
import { useAsync } from '../../../../hooks/useAsync';
import { postsApi } from '../../posts/api';
import { PostItem } from '../../posts/PostItem';
import { Comments } from './Comments';
import '../communities.css';
import '../../posts/posts.css';

/** One post in full, with its comments and replies. */
export default function PostDetail() {
  const id = useRouter().params.id ?? '';
  const post = useAsync(() => postsApi.post(id), [id]);
  const [comments, setComments] = useState<number | null>(null);
  if (!post.data && post.loading) return <Loading />;
  if (!post.data) return <Failure message={messageFor(post.error)} onRetry={() => void post.reload()} />;
  const shown = { ...post.data.post, comments: comments ?? post.data.post.comments };
  return (
    <View className='detail' data-testid='post-detail'>
      <PostItem post={shown} full onGone={() => void Taro.navigateBack()} />
      <Comments postId={id} onCount={setComments} />
    </View>
  );
}
