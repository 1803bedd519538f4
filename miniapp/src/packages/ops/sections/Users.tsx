import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor, newIdempotencyKey } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsApi, type OpsUser } from '../api';
import { o } from '../i18n';
import { PagedRows } from './Paged';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Freeze, unfreeze and balance adjustment for one user, each with a reason. An adjustment keeps
 * its idempotency key until it succeeds, so pressing again after a lost answer changes nothing twice.
 */
function UserActions({ user, onChanged }: { user: OpsUser; onChanged: (user: OpsUser, notice: Notice) => void }) {
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [notice, setNotice] = useState<Notice>(null);

  // Freeze, unfreeze and adjust share one guard: one of them at a time for this user.
  const runner = useAction(async (action: () => Promise<Notice>) => {
    if (!reason.trim()) {
      setNotice({ kind: 'error', text: o.errors.reason });
      return;
    }
    setNotice(null);
    try {
      setNotice(await action());
      setReason('');
    } catch (caught) {
      setNotice({ kind: 'error', text: messageFor(caught) });
    }
  });
  const run = runner.run;
  const busy = runner.running;
  const toggleFrozen = () =>
    run(async () => {
      const { user: changed } = user.frozen ? await opsApi.unfreeze(user.id, reason.trim()) : await opsApi.freeze(user.id, reason.trim());
      const done = { kind: 'ok' as const, text: changed.frozen ? o.frozenDone(changed.nickname) : o.unfrozenDone(changed.nickname) };
      onChanged(changed, done);
      return done;
    });
  const adjust = () =>
    run(async () => {
      const coins = Number(amount);
      if (!/^-?\d+$/.test(amount.trim()) || coins === 0) return { kind: 'error', text: o.errors.amount };
      const answer = await opsApi.adjust({ userId: user.id, amount: coins, reason: reason.trim() }, key);
      setKey(newIdempotencyKey());
      setAmount('');
      const done = { kind: 'ok' as const, text: o.adjusted(answer.amount, answer.balance) };
      onChanged({ ...user, balance: answer.balance }, done);
      return done;
    });

  return (
    <View className='ops-card__actions' data-testid='user-actions'>
      <Input className='ops-input ops-input--wide' placeholder={o.reason} value={reason} onInput={(event) => setReason(event.detail.value)} data-testid='user-reason' />
      <Button className='ops-button' size='mini' type={user.frozen ? 'primary' : 'warn'} disabled={busy} onClick={() => void toggleFrozen()} data-testid={user.frozen ? 'unfreeze-user' : 'freeze-user'}>
        {user.frozen ? o.unfreeze : o.freeze}
      </Button>
      <Input className='ops-input ops-input--short' type='text' placeholder={o.amount} value={amount} onInput={(event) => setAmount(event.detail.value)} data-testid='adjust-amount' />
      <Button className='ops-button' size='mini' type='default' disabled={busy || !amount.trim()} onClick={() => void adjust()} data-testid='adjust-user'>{o.adjust}</Button>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} style={{ width: '100%', marginBottom: 0 }} data-testid='user-notice'>{notice.text}</Text>}
    </View>
  );
}

function UserList({ q }: { q: string }) {
  const list = usePagedList((cursor) => opsApi.users(q, cursor));
  const [open, setOpen] = useState<string | null>(null);
  const [changed, setChanged] = useState<Record<string, OpsUser>>({});
  return (
    <PagedRows list={list} empty={o.noUsers}>
      {(listed) => {
        const user = changed[listed.id] ?? listed;
        return (
          <View key={user.id} className='ops-card' data-testid='ops-user'>
            <View className='ops-card__head' onClick={() => setOpen(open === user.id ? null : user.id)} style={{ cursor: 'pointer' }}>
              <Text className='ops-card__title'>{user.nickname}</Text>
              {user.frozen && <Text className='ops-badge ops-badge--frozen' data-testid='user-frozen'>{o.frozen}</Text>}
            </View>
            <Text className='ops-card__meta' data-testid='user-meta'>{o.userMeta(user.id, user.platform, user.balance)}</Text>
            {open === user.id && <UserActions user={user} onChanged={(next) => setChanged((previous) => ({ ...previous, [next.id]: next }))} />}
          </View>
        );
      }}
    </PagedRows>
  );
}

/** Finds users by id or nickname; tap one to freeze, unfreeze or adjust their balance. */
export function Users() {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  return (
    <View>
      <View className='ops-bar'>
        <Input className='ops-input ops-input--wide' placeholder={o.searchUsers} value={text} onInput={(event) => setText(event.detail.value)} onConfirm={() => setQ(text.trim())} data-testid='user-search' />
        <Button className='ops-button' size='mini' type='primary' onClick={() => setQ(text.trim())} data-testid='user-search-go'>{o.search}</Button>
      </View>
      <Text className='ops-hint'>{o.usersHint}</Text>
      <UserList key={q} q={q} />
    </View>
  );
}
