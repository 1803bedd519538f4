import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { t } from '../../i18n/messages';

/** The way to the sports channel (and from there the membership and collectibles). */
export function ChannelLink() {
  return (
    <View className='home__link' onClick={() => void Taro.navigateTo({ url: '/packages/content/pages/channel/index' })} data-testid='channel-link'>
      <Text className='home__link-title'>{t.channel}</Text>
      <Text className='home__link-hint'>{t.channelHint}</Text>
    </View>
  );
}
