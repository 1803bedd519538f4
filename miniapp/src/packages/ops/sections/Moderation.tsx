import { Button, Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { useState } from 'react';
import { contract, messageFor } from '../../../api/client';
import { imageSource } from '../../../components/OfferCard';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsApi } from '../api';
import { mo } from '../moderation-i18n';
import { PagedRows } from './Paged';
import { WordList } from './WordList';

type Case = RouteResponse<(typeof API_ROUTES)['moderationQueue']>['items'][number];
type Action = 'hide' | 'restore' | 'warn' | 'freeze';

function act(id: string, action: Action, reason: string) {
  const input = { params: { id }, body: { reason } };
  if (action === 'hide') return contract.moderationHide(input);
  if (action === 'restore') return contract.moderationRestore(input);
  if (action === 'warn') return contract.moderationWarn(input);
  return contract.moderationFreeze(input);
}

/** One reported or filtered item, with what the operator may do to it (each with a reason, audited). */
function CaseCard({ item: listed }: { item: Case }) {
  const [item, setItem] = useState(listed);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const run = useAction(async (action: Action) => {
    if (!reason.trim()) {
      setNotice({ kind: 'error', text: mo.reasonRequired });
      return;
    }
    setNotice(null);
    try {
      setItem((await act(item.id, action, reason.trim())).case);
      setReason('');
      setNotice({ kind: 'ok', text: mo.done(mo.actions[action]) });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });
  // Deleting is final and needs no reason: the audit log keeps who deleted what.
  const remove = useAction(async () => {
    const kind = item.targetType;
    const { confirm } = await Taro.showModal({ title: mo.deleteItem[kind], content: mo.confirmDelete[kind], confirmText: mo.deleteItem[kind], cancelText: mo.cancel });
    if (!confirm) return;
    setNotice(null);
    try {
      await (kind === 'post' ? opsApi.deletePost(item.targetId) : opsApi.deleteComment(item.targetId));
      setItem({ ...item, targetStatus: 'deleted' });
      setNotice({ kind: 'ok', text: mo.deleted });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });
  const actions: Action[] = item.author.kind === 'merchant' ? ['hide', 'restore'] : ['hide', 'restore', 'warn', 'freeze'];
  return (
    <View className='ops-card' data-testid='moderation-case' data-target={`${item.targetType}:${item.targetId}`}>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{`${item.targetType === 'post' ? mo.post : mo.comment} · ${item.author.name}（ID ${item.author.id}）`}</Text>
        <Text className={`ops-badge ops-badge--${item.targetStatus === 'visible' ? 'active' : 'paused'}`} data-testid='case-status'>{mo.status[item.targetStatus] ?? item.targetStatus}</Text>
      </View>
      <Text className='ops-card__text' data-testid='case-text'>{item.text}</Text>
      {item.images.length > 0 && (
        <View className='ops-card__actions'>
          {item.images.map((url) => <Image key={url} src={imageSource(url)} style={{ width: '80px', height: '80px', borderRadius: '6px' }} mode='aspectFill' />)}
        </View>
      )}
      <Text className='ops-card__meta'>
        {[
          item.reports > 0 ? `${mo.reports(item.reports)}（${item.reasons.map((r) => mo.reasons[r] ?? r).join('、')}）` : '',
          item.matchedWords.length > 0 ? mo.matched(item.matchedWords.join('、')) : '',
          item.authorWarnings > 0 ? mo.warnings(item.authorWarnings) : '',
          item.authorFrozen ? mo.frozen : '',
          new Date(item.openedAt).toLocaleString(),
        ].filter(Boolean).join(' · ')}
      </Text>
      <View className='ops-card__actions'>
        <Input className='ops-input ops-input--wide' placeholder={mo.reason} value={reason} onInput={(event) => setReason(event.detail.value)} data-testid='case-reason' />
        {actions.map((action) => (
          <Button key={action} className='ops-button' size='mini' type={action === 'restore' ? 'primary' : action === 'freeze' ? 'warn' : 'default'}
            disabled={run.running} onClick={() => void run.run(action)} data-testid={`case-${action}`}>
            {mo.actions[action]}
          </Button>
        ))}
        {item.targetStatus !== 'deleted' && (
          <Button className='ops-button' size='mini' type='warn' disabled={remove.running || run.running} onClick={() => void remove.run()} data-testid='case-delete'>
            {mo.deleteItem[item.targetType]}
          </Button>
        )}
      </View>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} style={{ marginTop: '12px', marginBottom: 0 }} data-testid='case-notice'>{notice.text}</Text>}
    </View>
  );
}

function Queue({ status }: { status: 'open' | 'closed' }) {
  const [open, setOpen] = useState<number | null>(null);
  const list = usePagedList(async (cursor) => {
    const page = await contract.moderationQueue({ query: { status, cursor, limit: 20 } });
    setOpen(page.open);
    return page;
  });
  return (
    <View>
      {status === 'open' && open !== null && <Text className='ops-card__meta' data-testid='open-count'>{mo.openCount(open)}</Text>}
      <PagedRows list={list} empty={status === 'open' ? mo.empty : mo.emptyClosed}>
        {(item) => <CaseCard key={item.id} item={item} />}
      </PagedRows>
    </View>
  );
}

/** Reported and filtered posts and comments, handled ones, and the sensitive-word list. */
export function Moderation() {
  const [tab, setTab] = useState<'open' | 'closed' | 'words'>('open');
  return (
    <View data-testid='moderation'>
      <View className='ops-card__actions' style={{ marginTop: 0, marginBottom: '16px' }}>
        {(['open', 'closed', 'words'] as const).map((name) => (
          <Button key={name} className='ops-button' size='mini' type={tab === name ? 'primary' : 'default'} onClick={() => setTab(name)} data-testid={`moderation-tab-${name}`}>
            {name === 'open' ? mo.queue : name === 'closed' ? mo.closed : mo.words}
          </Button>
        ))}
      </View>
      {tab === 'words' ? <WordList /> : <Queue key={tab} status={tab} />}
    </View>
  );
}
