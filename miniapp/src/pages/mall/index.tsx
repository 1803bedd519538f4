import { ScrollView, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { api, messageFor, type Offer } from '../../api/client';
import { OfferCard } from '../../components/OfferCard';
import { Empty, Failure, Loading } from '../../components/StateView';
import { usePagedList } from '../../hooks/usePagedList';
import { t } from '../../i18n/messages';
import './index.css';

/** The offers coins can buy, two to a row, loading more as the user scrolls. */
export default function Mall() {
  const { items: offers, loading, error, done, load } = usePagedList<Offer>((cursor) => api.offers(cursor));
  useDidShow(() => {
    if (offers.length > 0) void load(true);
  });

  if (offers.length === 0 && loading) return <Loading />;
  if (offers.length === 0 && error) return <Failure message={messageFor(error)} onRetry={() => void load(true)} />;
  if (offers.length === 0 && done) return <Empty text={t.mallEmpty} />;
  return (
    <ScrollView className='mall' scrollY onScrollToLower={() => void load(false)} data-testid='mall'>
      <View className='mall__grid'>
        {offers.map((offer) => (
          <View key={offer.id} className='mall__cell'>
            <OfferCard offer={offer} onClick={() => void Taro.navigateTo({ url: `/packages/mall/pages/offer/index?id=${offer.id}` })} />
          </View>
        ))}
      </View>
    </ScrollView>
  );
}
