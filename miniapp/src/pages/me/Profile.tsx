import { Button, Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { api, messageFor, type MeAnswer } from '../../api/client';
import { fieldErrorsOf } from '../../hooks/fieldErrors';
import { useAction } from '../../hooks/useAction';
import { formatNumber } from '../../i18n/format';
import { t } from '../../i18n/messages';
import { u } from '../../i18n/ux';
import { platform } from '../../platform';

/**
 * The user's card with the nickname editor: a form everywhere, filled from the super-app's own
 * profile where it offers one (Alipay's open user info; WeChat's nickname keyboard through
 * `<Input type="nickname">` and its avatar picker). The BFF keeps the nickname; an avatar the
 * user picks is shown here only, as `PATCH /me/profile` takes no avatar yet.
 */
export function Profile({ me, onSaved }: { me: MeAnswer; onSaved: (me: MeAnswer) => void }) {
  const [editing, setEditing] = useState(false);
  const [nickname, setNickname] = useState(me.user.nickname);
  const [avatar, setAvatar] = useState<string | null>(me.user.avatarUrl);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setNickname(me.user.nickname), [me.user.nickname]);

  const save = useAction(async () => {
    setError(null);
    try {
      onSaved(await api.updateProfile({ nickname: nickname.trim() }));
      setEditing(false);
      void Taro.showToast({ title: t.saved, icon: 'success' });
    } catch (caught) {
      setError(fieldErrorsOf(caught, ['nickname']).nickname ?? messageFor(caught));
    }
  });
  const fromApp = useAction(async () => {
    try {
      const profile = await platform.appProfile!();
      if (profile.nickname) setNickname(profile.nickname);
      if (profile.avatarUrl) setAvatar(profile.avatarUrl);
    } catch (caught) {
      setError(messageFor(caught));
    }
  });

  return (
    <View className='me__card'>
      <View className='me__identity'>
        {avatar ? <Image className='me__avatar' src={avatar} mode='aspectFill' /> : <View className='me__avatar me__avatar--empty'><Text>{me.user.nickname.slice(0, 1)}</Text></View>}
        <View className='me__column'>
          <Text className='me__name' data-testid='nickname'>{me.user.nickname}</Text>
          <Text className='me__balance' data-testid='me-balance'>{`${t.balance} ${formatNumber(me.wallet.balance)}`}</Text>
        </View>
        {!editing && <Text className='me__edit' onClick={() => setEditing(true)} data-testid='edit-profile'>{u.editProfile}</Text>}
      </View>
      {editing && (
        <View className='me__profile-form'>
          {process.env.TARO_ENV === 'weapp' && (
            <Button className='me__small' openType='chooseAvatar' onChooseAvatar={(event) => setAvatar(event.detail.avatarUrl)}>{u.chooseAvatar}</Button>
          )}
          {platform.appProfile && <Button className='me__small' disabled={fromApp.running} onClick={() => void fromApp.run()}>{u.useAppProfile}</Button>}
          <Text className='me__label'>{u.nickname}</Text>
          <Input
            className='me__text'
            type={process.env.TARO_ENV === 'weapp' ? 'nickname' : 'text'}
            maxlength={32}
            value={nickname}
            onInput={(event) => setNickname(event.detail.value)}
            data-testid='nickname-input'
          />
          {error && <Text className='field-error field-error--light' data-testid='field-error-nickname'>{error}</Text>}
          <View className='me__buttons'>
            <Button className='me__small' onClick={() => { setEditing(false); setNickname(me.user.nickname); setError(null); }}>{t.cancel}</Button>
            <Button className='me__small' type='primary' disabled={save.running} onClick={() => void save.run()} data-testid='save-profile'>{t.save}</Button>
          </View>
        </View>
      )}
    </View>
  );
}
