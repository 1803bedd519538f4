import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ApiError, messageFor } from '../../../../api/client';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { FrozenNotice } from '../../../../components/Warnings';
import { fieldErrorsOf } from '../../../../hooks/fieldErrors';
import { useAction } from '../../../../hooks/useAction';
import { usePagedList } from '../../../../hooks/usePagedList';
import { postsApi, type Comment, type Reply } from '../../posts/api';
import { p } from '../../posts/i18n';
import { confirmDelete, ReportChoice } from '../../posts/PostItem';

function CommentLine({ item, onReply, onChanged }: { item: Reply; onReply?: () => void; onChanged: () => void }) {
  const [reporting, setReporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const report = useAction(async (reason: string) => {
    try {
      await postsApi.reportComment(item.id, reason);
      setReporting(false);
      setNotice(p.reported);
    } catch (error) {
      setNotice(messageFor(error));
    }
  });
  const remove = useAction(async () => {
    if (!(await confirmDelete())) return;
    try {
      await postsApi.removeComment(item.id);
      onChanged();
    } catch (error) {
      setNotice(messageFor(error));
    }
  });
  return (
    <View data-testid={item.parentId ? 'reply' : 'comment'}>
      <View className='comment__head'>
        <Text className='comment__author'>{item.author.name}</Text>
        <View className='comment__actions'>
          {onReply && <Text className='post__action' onClick={onReply} data-testid='reply-to'>{p.reply}</Text>}
          <Text className='post__action' onClick={() => setReporting(!reporting)} data-testid='report-comment'>{p.report}</Text>
          {item.canDelete && <Text className='post__action post__action--danger' onClick={() => void remove.run()} data-testid='delete-comment'>{p.delete}</Text>}
        </View>
      </View>
      <Text className='comment__text' data-testid='comment-text'>{item.text}</Text>
      {reporting && <ReportChoice busy={report.running} onReport={(reason) => void report.run(reason)} onClose={() => setReporting(false)} />}
      {notice && <Text className='post__meta' data-testid='comment-notice'>{notice}</Text>}
    </View>
  );
}

/** A post's comments with their replies, and the box to write one (or a reply), sent once per tap. */
export function Comments({ postId, onCount, frozen = false }: { postId: string; onCount: (count: number) => void; frozen?: boolean }) {
  const [version, setVersion] = useState(0);
  const list = usePagedList<Comment>(async (cursor) => {
    const page = await postsApi.comments(postId, cursor);
    onCount(page.total);
    return page;
  });
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = () => {
    setVersion(version + 1);
    void list.load(true);
  };
  const send = useAction(async () => {
    setError(null);
    if (!text.trim()) {
      setError(p.textRequired);
      return;
    }
    try {
      const answer = await postsApi.comment(postId, text, replyTo?.id);
      setText('');
      setReplyTo(null);
      onCount(answer.comments);
      reload();
    } catch (caught) {
      const field = fieldErrorsOf(caught, ['text', 'replyTo']);
      setError(caught instanceof ApiError && caught.code === 'CONTENT_REJECTED' ? messageFor(caught) : field.text ?? field.replyTo ?? messageFor(caught));
    }
  });

  let body;
  if (list.items.length === 0 && list.error) body = <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
  else if (list.items.length === 0 && (list.loading || !list.done)) body = <Loading />;
  else if (list.items.length === 0) body = <Empty text={p.noComments} />;
  else {
    body = (
      <View>
        {list.items.map((comment) => (
          <View key={comment.id} className='comment'>
            <CommentLine item={comment} onReply={() => setReplyTo(comment)} onChanged={reload} />
            {comment.replies.length > 0 && (
              <View className='comment__replies'>
                {comment.replies.map((reply) => <CommentLine key={reply.id} item={reply} onChanged={reload} />)}
                {comment.replyCount > comment.replies.length && <Text className='post__meta'>{p.moreReplies(comment.replyCount)}</Text>}
              </View>
            )}
          </View>
        ))}
        {!list.done && <Text className='feed-more' onClick={() => void list.load(false)} data-testid='comments-more'>{p.loadMore}</Text>}
      </View>
    );
  }
  return (
    <View>
      <Text className='section'>{p.commentsTitle}</Text>
      {body}
      {frozen ? (
        <FrozenNotice />
      ) : (
        <View className='comment-box'>
          {replyTo && (
            <Text className='post__meta' onClick={() => setReplyTo(null)} data-testid='replying-to'>{`${p.replyTo(replyTo.author.name)} ✕`}</Text>
          )}
          <View className='comment-box__row'>
            <Input className='comment-box__input' value={text} placeholder={p.commentPlaceholder} onInput={(event) => setText(event.detail.value)} data-testid='comment-input' />
            <Button size='mini' type='primary' disabled={send.running} onClick={() => void send.run()} data-testid='comment-send'>{p.send}</Button>
          </View>
          {error && <Text className='field-error' data-testid='field-error-comment'>{error}</Text>}
        </View>
      )}
    </View>
  );
}
