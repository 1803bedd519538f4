import { View } from '@tarojs/components';
import { Empty } from '../../components/StateView';
import { t } from '../../i18n/messages';

/** Offers arrive with merchants and redemption; until then the tab says what is coming. */
export default function Mall() {
  return (
    <View data-testid='mall'>
      <Empty text={t.mallSoon} />
    </View>
  );
}
