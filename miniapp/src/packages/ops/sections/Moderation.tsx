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
import { Confirm } from './Confirm';
import { PagedRows } from './Paged';
import { WordList } from './WordList';
import { useBusinessTime } from '../../../hooks/useBusinessTime';

type Case = RouteResponse<(typeof API_ROUTES)['moderationQueue']>['items'][number];
type Action = 'hide' | 'restore' | 'warn' | 'freeze';

function act(id: string, action: Action, reason: string) {
  const input = { params: { id }, body: { reason } };
  if (action === 'hide') return contract.moderationHide(input);
  if (action === 'restore') return contract.moderationRestore(input);
  if (action === 'warn') return contract.moderationWarn(input);
  return contract.moderationFreeze(input);
}

/**
 * One reported or filtered item, with what the operator may do to it (each with a reason, audited).
 * A case the action closes is handed to `onClosed` with what was done, for the open queue to drop it.
 */
function CaseCard({ item: listed, onClosed }: { item: Case; onClosed?: (item: Case, text: string) => void }) {
  const time = useBusinessTime();
  const [item, setItem] = useState(listed);
  const [reason, setReason] = useState('');
  const [confirmingFreeze, setConfirmingFreeze] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const what = item.targetType === 'post' ? mo.post : mo.comment;
  const reasonGiven = () => {
    if (reason.trim()) return true;
    setNotice({ kind: 'error', text: mo.reasonRequired });
    return false;
  };
  const run = useAction(async (action: Action) => {
    if (!reasonGiven()) return;
    setNotice(null);
    try {
      const { case: changed } = await act(item.id, action, reason.trim());
      setConfirmingFreeze(false);
      if (changed.status === 'closed' && onClosed) {
        onClosed(changed, mo.handled(mo.actions[action], what, item.author.name));
        return;
      }
      setItem(changed);
      setReason('');
      setNotice({ kind: 'ok', text: mo.done(mo.actions[action]) });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });
  // Freezing an author is asked about first: it shuts them out of the whole app, not just this item.
  const tap = (action: Action) => {
    if (action !== 'freeze') void run.run(action);
    else if (reasonGiven()) {
      setNotice(null);
      setConfirmingFreeze(true);
    }
  };
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
          time.at(item.openedAt),
        ].filter(Boolean).join(' · ')}
      </Text>
      <View className='ops-card__actions'>
        <Input className='ops-input ops-input--wide' placeholder={mo.reason} value={reason} onInput={(event) => { setReason(event.detail.value); setConfirmingFreeze(false); }} data-testid='case-reason' />
        {actions.map((action) => (
          <Button key={action} className='ops-button' size='mini' type={action === 'restore' ? 'primary' : action === 'freeze' ? 'warn' : 'default'}
            disabled={run.running || (action === 'freeze' && confirmingFreeze)} onClick={() => tap(action)} data-testid={`case-${action}`}>
            {mo.actions[action]}
          </Button>
        ))}
        {item.targetStatus !== 'deleted' && (
          <Button className='ops-button' size='mini' type='warn' disabled={remove.running || run.running} onClick={() => void remove.run()} data-testid='case-delete'>
            {mo.deleteItem[item.targetType]}
          </Button>
        )}
      </View>
      {confirmingFreeze && (
        <Confirm
          question={mo.confirmFreeze(item.author.name, item.author.id, what)}
          yes={mo.actions.freeze}
          busy={run.running}
          onConfirm={() => void run.run('freeze')}
          onBack={() => setConfirmingFreeze(false)}
          testId='confirm-freeze-author'
        />
      )}
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} style={{ marginTop: '12px', marginBottom: 0 }} data-testid='case-notice'>{notice.text}</Text>}
    </View>
  );
}

function Queue({ status }: { status: 'open' | 'closed' }) {
  const [open, setOpen] = useState<number | null>(null);
  // Cases closed here since the list was read: they leave the open queue at once, not at the next reload.
  const [closed, setClosed] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const list = usePagedList(async (cursor) => {
    const page = await contract.moderationQueue({ query: { status, cursor, limit: 20 } });
    setOpen(page.open);
    if (!cursor) setClosed([]);
    return page;
  });
  const shown = { ...list, items: list.items.filter((item) => !closed.includes(item.id)) };
  const close = (item: Case, text: string) => {
    setClosed((previous) => [...previous, item.id]);
    setOpen((count) => (count === null ? count : Math.max(0, count - 1)));
    setNotice(text);
    // The last case shown is gone but more wait on the next pages: read the queue again from its start.
    if (shown.items.length === 1 && !list.done) void list.load(true);
  };
  return (
    <View>
      {status === 'open' && open !== null && <Text className='ops-card__meta' data-testid='open-count'>{mo.openCount(open)}</Text>}
      {notice && <Text className='ops-notice ops-notice--ok' style={{ marginTop: '12px' }} data-testid='queue-notice'>{notice}</Text>}
      <PagedRows list={shown} empty={status === 'open' ? mo.empty : mo.emptyClosed}>
        {(item) => <CaseCard key={item.id} item={item} onClosed={status === 'open' ? close : undefined} />}
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
