import { ScrollView, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { api, messageFor, type Offer } from '../../api/client';
import { OfferCard } from '../../components/OfferCard';
import { Empty, Failure, Loading } from '../../components/StateView';
import { t } from '../../i18n/messages';
import './index.css';

/** The offers coins can buy, two to a row, loading more as the user scrolls. */
export default function Mall() {
  const [offers, setOffers] = useState<Offer[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function load(reset: boolean) {
    if (loading || (done && !reset)) return;
    setLoading(true);
    setError(null);
    try {
      const page = await api.offers(reset ? null : cursor);
      setOffers((previous) => (reset ? page.items : [...previous, ...page.items]));
      setCursor(page.nextCursor);
      setDone(page.nextCursor === null);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load(true);
  }, []);
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
