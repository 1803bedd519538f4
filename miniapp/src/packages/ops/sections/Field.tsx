import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** One labelled field of a console form. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='ops-field'>
      <Text className='ops-field__label'>{label}</Text>
      {children}
    </View>
  );
}
