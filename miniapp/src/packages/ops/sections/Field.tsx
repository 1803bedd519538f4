import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/**
 * One labelled field of a console form, with what is wrong with it (`error`) said beside it: under
 * the field, or under its label (`errorFirst`) for a tall field whose foot may be out of sight.
 */
export function Field({ label, error, name, errorFirst = false, children }: { label: string; error?: string; name?: string; errorFirst?: boolean; children: ReactNode }) {
  const said = error && <Text className={errorFirst ? 'field-error ops-field__error ops-field__error--first' : 'field-error ops-field__error'} data-testid={`field-error-${name ?? ''}`}>{error}</Text>;
  return (
    <View className='ops-field'>
      <Text className='ops-field__label'>{label}</Text>
      {errorFirst && said}
      {children}
      {!errorFirst && said}
    </View>
  );
}
