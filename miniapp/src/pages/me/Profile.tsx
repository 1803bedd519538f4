import { Button, Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { api, ApiError, messageFor, type AvatarAnswer, type MeAnswer } from '../../api/client';
import { pickImage, uploadAsUser } from '../../api/upload';
import { imageSource } from '../../components/OfferCard';
import { fieldErrorsOf } from '../../hooks/fieldErrors';
import { useAction } from '../../hooks/useAction';
import { formatNumber } from '../../i18n/format';
import { t } from '../../i18n/messages';
import { u } from '../../i18n/ux';
import { platform } from '../../platform';


/** The sentence for a failed avatar upload: the BFF's word on the file where it has one. */
function avatarErrorOf(caught: unknown): string {
  if (caught instanceof ApiError && caught.code === 'UNSUPPORTED_MEDIA_TYPE') return u.imageWrongType;
  if (caught instanceof ApiError && caught.code === 'PAYLOAD_TOO_LARGE') return u.imageTooLarge;
  const fileProblem = caught instanceof ApiError ? caught.details.find((detail) => detail.path === 'file')?.message : undefined;
  return fileProblem ?? messageFor(caught);
}

/**
 * The user's card with the nickname and avatar editor: a form everywhere, with the nickname filled
 * from the super-app's own profile where it offers one (Alipay's open user info; WeChat's nickname
 * keyboard through `<Input type="nickname">`). The avatar is uploaded to the BFF (`POST /me/avatar`),
 * which keeps it: WeChat's avatar picker hands a temp file; elsewhere the user picks an image
 * (Alipay's open user info names a remote avatar the BFF cannot store, so it fills the nickname only).
 */
export function Profile({ me, onSaved }: { me: MeAnswer; onSaved: (me: MeAnswer) => void }) {
  const [editing, setEditing] = useState(false);
  const [nickname, setNickname] = useState(me.user.nickname);
  const [error, setError] = useState<string | null>(null);
  const [avatarError, setAvatarError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
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
    } catch (caught) {
      setError(messageFor(caught));
    }
  });
  /** Uploads WeChat's chosen avatar (its temp file), or an image the user picks here. */
  const saveAvatar = useAction(async (chosenPath?: string) => {
    setAvatarError(null);
    let filePath = chosenPath;
    if (!filePath) {
      const picked = await pickImage();
      if (picked === null) return;
      if (picked === 'too-large') {
        setAvatarError(u.imageTooLarge);
        return;
      }
      filePath = picked;
    }
    setProgress(0);
    try {
      const answer = await uploadAsUser<AvatarAnswer>('/me/avatar', filePath, setProgress);
      onSaved({ ...me, user: answer.user });
      void Taro.showToast({ title: t.saved, icon: 'success' });
    } catch (caught) {
      setAvatarError(avatarErrorOf(caught));
    } finally {
      setProgress(null);
    }
  });
  const avatar = me.user.avatarUrl;

  return (
    <View className='me__card'>
      <View className='me__identity'>
        {avatar ? <Image className='me__avatar' src={imageSource(avatar)} mode='aspectFill' data-testid='avatar' /> : <View className='me__avatar me__avatar--empty'><Text>{me.user.nickname.slice(0, 1)}</Text></View>}
        <View className='me__column'>
          <Text className='me__name' data-testid='nickname'>{me.user.nickname}</Text>
          <Text className='me__balance' data-testid='me-balance'>{`${t.balance} ${formatNumber(me.wallet.balance)}`}</Text>
        </View>
        {!editing && <Text className='me__edit' onClick={() => setEditing(true)} data-testid='edit-profile'>{u.editProfile}</Text>}
      </View>
      {editing && (
        <View className='me__profile-form'>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button
              className='me__small'
              openType='chooseAvatar'
              disabled={saveAvatar.running}
              onChooseAvatar={(event) => void saveAvatar.run(event.detail.avatarUrl)}
              data-testid='choose-avatar'
            >
              {u.chooseAvatar}
            </Button>
          ) : (
            <Button className='me__small' disabled={saveAvatar.running} onClick={() => void saveAvatar.run()} data-testid='choose-avatar'>{u.chooseAvatar}</Button>
          )}
          {progress !== null && <Text className='me__hint' data-testid='avatar-progress'>{u.uploading(progress)}</Text>}
          {avatarError && <Text className='field-error field-error--light' data-testid='field-error-avatar'>{avatarError}</Text>}
          {platform.appProfile && (process.env.TARO_ENV === 'alipay' ? (
            // Alipay answers my.getOpenUserInfo only after the user consents through this button.
            <Button className='me__small' openType='getAuthorize' scope='userInfo' disabled={fromApp.running} onGetAuthorize={() => void fromApp.run()}>
              {u.useAppProfile}
            </Button>
          ) : (
            <Button className='me__small' disabled={fromApp.running} onClick={() => void fromApp.run()}>{u.useAppProfile}</Button>
          ))}
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
