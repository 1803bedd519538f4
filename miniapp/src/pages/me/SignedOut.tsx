import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor, signIn } from '../../api/client';
import { useAction } from '../../hooks/useAction';
import { u } from '../../i18n/ux';
import { platform } from '../../platform';
import { sandboxSettings } from '../../platform/h5';

/**
 * What a tab shows after 退出登录 until the user signs in again. In a browser the sandbox would
 * hand back the same user, so signing in here starts a fresh sandbox user; in a super-app the
 * platform signs in its own account again.
 */
export function SignedOut({ onSignedIn }: { onSignedIn: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const login = useAction(async () => {
    setError(null);
    try {
      if (platform.name === 'h5') sandboxSettings.setUser(`h5-${Math.random().toString(36).slice(2, 10)}`);
      await signIn();
      onSignedIn();
    } catch (caught) {
      setError(messageFor(caught));
    }
  });
  return (
    <View className='state' data-testid='signed-out'>
      <Text className='state__text'>{u.signedOutTitle}</Text>
      {platform.name === 'h5' && <Text className='state__text state__hint'>{u.signedOutHint}</Text>}
      <Button className='state__retry' type='primary' disabled={login.running} onClick={() => void login.run()} data-testid='sign-in'>
        {u.signInAgain}
      </Button>
      {error && <Text className='state__text state__error'>{error}</Text>}
    </View>
  );
}
