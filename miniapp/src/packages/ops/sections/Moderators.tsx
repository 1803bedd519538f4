import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ApiError, messageFor } from '../../../api/client';
import { Empty, Failure, Loading } from '../../../components/StateView';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
import { useAction } from '../../../hooks/useAction';
import { useAsync } from '../../../hooks/useAsync';
import { opsApi } from '../api';
import { mo } from '../moderation-i18n';

/** What went wrong with the user id, said beside the field; null when it is not about the field. */
function userIdError(caught: unknown): string | null {
  if (caught instanceof ApiError && caught.code === 'NOT_A_MEMBER') return mo.notAMember;
  if (caught instanceof ApiError && caught.code === 'NOT_FOUND') return mo.noSuchUser;
  return fieldErrorsOf(caught, ['userId']).userId ?? null;
}

/** A community's moderators: make a member one by user id, or take the role back. */
export function Moderators({ communityId }: { communityId: string }) {
  const moderators = useAsync(async () => (await opsApi.moderators(communityId)).items, [communityId]);
  const [userId, setUserId] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const change = useAction(async (work: () => Promise<string>) => {
    setNotice(null);
    setFieldError(null);
    try {
      setNotice({ kind: 'ok', text: await work() });
      await moderators.reload();
    } catch (caught) {
      const beside = userIdError(caught);
      if (beside) setFieldError(beside);
      else setNotice({ kind: 'error', text: messageFor(caught) });
    }
  });
  const add = () => {
    const id = userId.trim();
    if (!/^\d+$/.test(id)) {
      setFieldError(mo.userIdRequired);
      return;
    }
    void change.run(async () => {
      const { items } = await opsApi.addModerator(communityId, id);
      setUserId('');
      return mo.moderatorAdded(items.find((item) => item.id === id)?.name ?? id);
    });
  };

  let list;
  if (!moderators.data && moderators.error) list = <Failure message={messageFor(moderators.error)} onRetry={() => void moderators.reload()} />;
  else if (!moderators.data) list = <Loading />;
  else if (moderators.data.length === 0) list = <Empty text={mo.noModerators} />;
  else {
    list = moderators.data.map((moderator) => (
      <View key={moderator.id} className='ops-bar' data-testid='moderator-row'>
        <Text className='ops-card__text'>{`${moderator.name}（ID ${moderator.id}）`}</Text>
        <Button className='ops-button' size='mini' disabled={change.running} data-testid='remove-moderator'
          onClick={() => void change.run(async () => (await opsApi.removeModerator(communityId, moderator.id), mo.moderatorRemoved(moderator.name)))}>
          {mo.removeModerator}
        </Button>
      </View>
    ));
  }
  return (
    <View className='ops-card' data-testid='ops-moderators'>
      <Text className='ops-card__title'>{mo.moderators}</Text>
      <Text className='ops-card__meta'>{mo.moderatorsHint}</Text>
      {list}
      <View className='ops-bar'>
        <Input className='ops-input' type='number' placeholder={mo.userId} value={userId} onInput={(input) => setUserId(input.detail.value)} data-testid='moderator-user-id' />
        <Button className='ops-button' size='mini' type='primary' disabled={change.running} onClick={add} data-testid='add-moderator'>{mo.addModerator}</Button>
      </View>
      {fieldError && <Text className='field-error' data-testid='field-error-userId'>{fieldError}</Text>}
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='moderators-notice'>{notice.text}</Text>}
    </View>
  );
}
