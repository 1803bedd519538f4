import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ApiError, messageFor, staffApi, staffSignOut, type StaffRole } from '../api/client';
import { t } from '../i18n/messages';
import './StaffLogin.css';

/**
 * Staff sign-in for a console: a member of another role (a merchant at the operators' console, or
 * the reverse) is signed out again and told they may not enter.
 */
export function StaffLogin({ role, title, onSignedIn }: { role: StaffRole; title: string; onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function login() {
    setBusy(true);
    setError(null);
    try {
      const answer = await staffApi.login(username.trim(), password);
      if (answer.role !== role) {
        staffSignOut();
        setError(messageFor(new ApiError('FORBIDDEN', `Only for ${role}s`, 403)));
        return;
      }
      onSignedIn();
    } catch (caught) {
      setError(messageFor(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className='staff-login'>
      <Text className='staff-login__heading'>{title}</Text>
      <Input className='staff-login__input' placeholder={t.username} value={username} onInput={(event) => setUsername(event.detail.value)} data-testid='staff-username' />
      <Input
        className='staff-login__input'
        placeholder={t.password}
        password
        value={password}
        onInput={(event) => setPassword(event.detail.value)}
        onConfirm={() => void login()}
        data-testid='staff-password'
      />
      <Button type='primary' disabled={busy || !username || !password} onClick={() => void login()} data-testid='staff-login'>
        {t.login}
      </Button>
      {error && <Text className='staff-login__error' data-testid='console-error'>{error}</Text>}
    </View>
  );
}
