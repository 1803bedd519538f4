import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { MAX_COMMENT_TEXT, textLength } from '@calorie-bank/shared/post-rules';
import { ApiError, messageFor } from '../../../../api/client';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { FrozenNotice } from '../../../../components/Warnings';
import { fieldErrorsOf } from '../../../../hooks/fieldErrors';
import { useAction } from '../../../../hooks/useAction';
import { usePagedList } from '../../../../hooks/usePagedList';
import { postsApi, type Comment, type Reply } from '../../posts/api';
import { p } from '../../posts/i18n';
import { isMine, markReported, wasReported } from '../../posts/mine';
import { confirmDelete, ReportChoice } from '../../posts/PostItem';

/**
 * One comment or reply: its author, text, and reply, report (not of one's own, and once: then it
 * says 已举报) and (where allowed) delete. A failure is said on a line of its own under the text.
 */
function CommentLine({ item, mine, onReply, onChanged }: { item: Reply; mine: boolean; onReply?: () => void; onChanged: () => void }) {
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(() => wasReported('comment', item.id));
  const [notice, setNotice] = useState<string | null>(null);
  const report = useAction(async (reason: string) => {
    setNotice(null);
    try {
      await postsApi.reportComment(item.id, reason);
      markReported('comment', item.id);
      setReported(true);
      setReporting(false);
      void Taro.showToast({ title: p.reported, icon: 'none', duration: 2000 });
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
          {reported ? (
            <Text className='post__action post__action--done' data-testid='comment-reported'>{p.reportedMark}</Text>
          ) : (
            !mine && <Text className='post__action' onClick={() => setReporting(!reporting)} data-testid='report-comment'>{p.report}</Text>
          )}
          {item.canDelete && <Text className='post__action post__action--danger' onClick={() => void remove.run()} data-testid='delete-comment'>{p.delete}</Text>}
        </View>
      </View>
      <Text className='comment__text' data-testid='comment-text'>{item.text}</Text>
      {reporting && !reported && !mine && <ReportChoice busy={report.running} onReport={(reason) => void report.run(reason)} onClose={() => setReporting(false)} />}
      {notice && <Text className='comment__notice' data-testid='comment-notice'>{notice}</Text>}
    </View>
  );
}

/**
 * A post's comments with their replies, and the box to write one (or a reply), sent once per tap;
 * a comment longer than the BFF takes is said beside the box as it is typed, and not sent.
 */
export function Comments({ postId, onCount, frozen = false, myUserId = null }: { postId: string; onCount: (count: number) => void; frozen?: boolean; myUserId?: string | null }) {
  const [version, setVersion] = useState(0);
  const list = usePagedList<Comment>(async (cursor) => {
    const page = await postsApi.comments(postId, cursor);
    onCount(page.total);
    return page;
  });
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const length = textLength(text);
  const shownError = length > MAX_COMMENT_TEXT ? p.tooLong(MAX_COMMENT_TEXT, length) : error;
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
    // A disabled Taro H5 button would still fire: the box already says it is too long.
    if (length > MAX_COMMENT_TEXT) return;
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
            <CommentLine item={comment} mine={isMine(comment.author, myUserId)} onReply={() => setReplyTo(comment)} onChanged={reload} />
            {comment.replies.length > 0 && (
              <View className='comment__replies'>
                {comment.replies.map((reply) => <CommentLine key={reply.id} item={reply} mine={isMine(reply.author, myUserId)} onChanged={reload} />)}
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
            {/* Taro's Input stops at 140 characters unless told otherwise; a longer text is said too long rather than cut. */}
            <Input className='comment-box__input' value={text} maxlength={MAX_COMMENT_TEXT + 100} placeholder={p.commentPlaceholder}
              onInput={(event) => {
                setText(event.detail.value);
                setError(null);
              }} data-testid='comment-input' />
            <Button size='mini' type='primary' disabled={send.running || length > MAX_COMMENT_TEXT} onClick={() => void send.run()} data-testid='comment-send'>{p.send}</Button>
          </View>
          {shownError && <Text className='field-error' data-testid='field-error-comment'>{shownError}</Text>}
        </View>
      )}
    </View>
  );
}
