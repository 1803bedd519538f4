import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** One labelled field of a console form, with what is wrong with it (`error`) said beside it. */
export function Field({ label, error, name, children }: { label: string; error?: string; name?: string; children: ReactNode }) {
  return (
    <View className='ops-field'>
      <Text className='ops-field__label'>{label}</Text>
      {children}
      {error && <Text className='field-error' data-testid={`field-error-${name ?? ''}`}>{error}</Text>}
    </View>
  );
}
