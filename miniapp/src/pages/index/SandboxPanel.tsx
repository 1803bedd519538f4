import { Input, Picker, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { t } from '../../i18n/messages';
import { sandboxSettings } from '../../platform/h5';

const FORGERIES = ['none', 'signature', 'foreign-key', 'truncated'];

/** Browser demo only: sets what the sandbox "phone" reports. */
export function SandboxPanel({ onChange }: { onChange: (steps: number) => void }) {
  const [steps, setSteps] = useState(String(sandboxSettings.steps()));
  const [forge, setForge] = useState(sandboxSettings.forge());
  return (
    <View className='sandbox' data-testid='sandbox-panel'>
      <Text className='sandbox__title'>{t.sandboxPanel}</Text>
      <View className='sandbox__row'>
        <Text>{t.sandboxSteps}</Text>
        <Input
          className='sandbox__input'
          type='number'
          value={steps}
          data-testid='sandbox-steps'
          onInput={(event) => {
            const value = event.detail.value.replace(/\D/g, '');
            setSteps(value);
            sandboxSettings.setSteps(Number(value || 0));
            onChange(Number(value || 0));
          }}
        />
      </View>
      <View className='sandbox__row'>
        <Text>{t.sandboxUser}</Text>
        <Text className='sandbox__user'>{sandboxSettings.user()}</Text>
      </View>
      <View className='sandbox__row'>
        <Text>{t.sandboxForge}</Text>
        <Picker
          mode='selector'
          range={FORGERIES.map((name) => t.forgeries[name] ?? name)}
          value={FORGERIES.indexOf(forge)}
          onChange={(event) => {
            const value = FORGERIES[Number(event.detail.value)];
            setForge(value);
            sandboxSettings.setForge(value);
          }}
        >
          <Text className='sandbox__picker' data-testid='sandbox-forge'>{t.forgeries[forge] ?? forge}</Text>
        </Picker>
      </View>
    </View>
  );
}
