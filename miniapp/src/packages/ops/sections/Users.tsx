import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor, newIdempotencyKey } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsApi, type OpsUser } from '../api';
import { o } from '../i18n';
import { Confirm } from './Confirm';
import { PagedRows } from './Paged';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

type Pending = { kind: 'freeze' } | { kind: 'adjust'; coins: number } | null;
type UserErrors = { reason?: string; amount?: string };

/**
 * Freeze, unfreeze and balance adjustment for one user, each with a reason. Freezing and adjusting
 * are asked about first, naming the user and the coins. An adjustment keeps its idempotency key
 * until it succeeds, so pressing again after a lost answer changes nothing twice. What was typed
 * stays until the change is made: a refusal leaves it to be corrected.
 */
function UserActions({ user, onChanged }: { user: OpsUser; onChanged: (user: OpsUser, notice: Notice) => void }) {
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [notice, setNotice] = useState<Notice>(null);
  const [errors, setErrors] = useState<UserErrors>({});
  const [pending, setPending] = useState<Pending>(null);

  // Freeze, unfreeze and adjust share one guard: one of them at a time for this user.
  const runner = useAction(async (action: () => Promise<Notice>) => {
    setNotice(null);
    try {
      setNotice(await action());
      setPending(null);
      setReason('');
    } catch (caught) {
      setPending(null);
      setNotice({ kind: 'error', text: messageFor(caught) });
    }
  });
  const busy = runner.running;
  /** What is wrong with the entries an action needs, said beside them; true when nothing is. */
  const check = (needsAmount: boolean): boolean => {
    const found: UserErrors = {};
    if (!reason.trim()) found.reason = o.errors.reason;
    if (needsAmount && !coinsOf(amount)) found.amount = o.errors.amount;
    setErrors(found);
    setNotice(null);
    return Object.keys(found).length === 0;
  };
  // An entry edited makes its mistake stale, and the question asked about the old entries too.
  const edit = (field: keyof UserErrors, value: string) => {
    (field === 'reason' ? setReason : setAmount)(value);
    setErrors((previous) => ({ ...previous, [field]: undefined }));
    if (!busy) setPending(null);
  };

  const unfreeze = () =>
    runner.run(async () => {
      const { user: changed } = await opsApi.unfreeze(user.id, reason.trim());
      const done = { kind: 'ok' as const, text: o.unfrozenDone(changed.nickname) };
      onChanged(changed, done);
      return done;
    });
  const freeze = () =>
    runner.run(async () => {
      const { user: changed } = await opsApi.freeze(user.id, reason.trim());
      const done = { kind: 'ok' as const, text: o.frozenDone(changed.nickname) };
      onChanged(changed, done);
      return done;
    });
  const adjust = (coins: number) =>
    runner.run(async () => {
      const answer = await opsApi.adjust({ userId: user.id, amount: coins, reason: reason.trim() }, key);
      setKey(newIdempotencyKey());
      setAmount('');
      const done = { kind: 'ok' as const, text: o.adjusted(answer.amount, answer.balance) };
      onChanged({ ...user, balance: answer.balance }, done);
      return done;
    });
  // Taps while a change is under way are ignored here too: a disabled H5 button still fires.
  const tapFreeze = () => {
    if (busy || !check(false)) return;
    if (user.frozen) void unfreeze();
    else setPending({ kind: 'freeze' });
  };
  const tapAdjust = () => {
    if (busy || !check(true)) return;
    setPending({ kind: 'adjust', coins: coinsOf(amount)! });
  };

  return (
    <View className='ops-card__actions' data-testid='user-actions'>
      <View className='ops-inline-field ops-inline-field--wide'>
        <Input className='ops-input' placeholder={o.reason} value={reason} onInput={(event) => edit('reason', event.detail.value)} data-testid='user-reason' />
        {errors.reason && <Text className='field-error ops-field__error' data-testid='field-error-reason'>{errors.reason}</Text>}
      </View>
      <Button className='ops-button' size='mini' type={user.frozen ? 'primary' : 'warn'} disabled={busy || pending !== null} onClick={tapFreeze} data-testid={user.frozen ? 'unfreeze-user' : 'freeze-user'}>
        {user.frozen ? o.unfreeze : o.freeze}
      </Button>
      <View className='ops-inline-field'>
        <Input className='ops-input ops-input--short' type='text' placeholder={o.amount} value={amount} onInput={(event) => edit('amount', event.detail.value)} data-testid='adjust-amount' />
        {errors.amount && <Text className='field-error ops-field__error' data-testid='field-error-amount'>{errors.amount}</Text>}
      </View>
      <Button className='ops-button' size='mini' type='default' disabled={busy || pending !== null} onClick={tapAdjust} data-testid='adjust-user'>{o.adjust}</Button>
      {pending && (
        <Confirm
          question={pending.kind === 'freeze' ? o.confirmFreeze(user.nickname, user.id) : o.confirmAdjust(user.nickname, pending.coins, user.balance)}
          yes={pending.kind === 'freeze' ? o.freeze : o.adjust}
          busy={busy}
          onConfirm={() => void (pending.kind === 'freeze' ? freeze() : adjust(pending.coins))}
          onBack={() => setPending(null)}
          testId={pending.kind === 'freeze' ? 'confirm-freeze-user' : 'confirm-adjust-user'}
        />
      )}
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} style={{ width: '100%', marginBottom: 0 }} data-testid='user-notice'>{notice.text}</Text>}
    </View>
  );
}

/** The coins an adjustment's entry names: a whole number other than zero, negative to take away. */
function coinsOf(text: string): number | null {
  const coins = Number(text.trim());
  return /^-?\d+$/.test(text.trim()) && coins !== 0 && Number.isSafeInteger(coins) ? coins : null;
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
            <Text className='ops-card__meta' data-testid='user-meta'>{o.userMeta(user.id, o.platforms[user.platform] ?? user.platform, user.balance)}</Text>
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
