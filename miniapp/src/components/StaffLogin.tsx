import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ApiError, messageFor, staffApi, staffSignOut, type StaffRole } from '../api/client';
import { fieldErrorsOf } from '../hooks/fieldErrors';
import { useAction } from '../hooks/useAction';
import { t } from '../i18n/messages';
import { u } from '../i18n/ux';
import './StaffLogin.css';

/**
 * Staff sign-in for a console: a member of another role (a merchant at the operators' console, or
 * the reverse) is signed out again and told they may not enter.
 */
export function StaffLogin({ role, title, onSignedIn }: { role: StaffRole; title: string; onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const login = useAction(async () => {
    if (!username.trim() || !password) return;
    setError(null);
    setFields({});
    try {
      const answer = await staffApi.login(username.trim(), password);
      if (answer.role !== role) {
        staffSignOut();
        setError(messageFor(new ApiError('FORBIDDEN', `Only for ${role}s`, 403)));
        return;
      }
      onSignedIn();
    } catch (caught) {
      // At sign-in AUTH_INVALID is the password, not an expired session.
      setError(caught instanceof ApiError && caught.code === 'AUTH_INVALID' ? u.wrongPassword : messageFor(caught));
      setFields(fieldErrorsOf(caught, ['username', 'password']));
    }
  });
  return (
    <View className='staff-login'>
      <Text className='staff-login__heading'>{title}</Text>
      <Input className='staff-login__input' placeholder={t.username} value={username} onInput={(event) => setUsername(event.detail.value)} data-testid='staff-username' />
      {fields.username && <Text className='field-error' data-testid='field-error-username'>{fields.username}</Text>}
      <Input
        className='staff-login__input'
        placeholder={t.password}
        password
        value={password}
        onInput={(event) => setPassword(event.detail.value)}
        onConfirm={() => void login.run()}
        data-testid='staff-password'
      />
      {fields.password && <Text className='field-error' data-testid='field-error-password'>{fields.password}</Text>}
      <Button type='primary' disabled={login.running || !username.trim() || !password} onClick={() => void login.run()} data-testid='staff-login'>
        {t.login}
      </Button>
      {error && <Text className='staff-login__error' data-testid='console-error'>{error}</Text>}
    </View>
  );
}
