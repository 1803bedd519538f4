import { Button, Image, ScrollView, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ApiError, api, messageFor, newIdempotencyKey } from '../../../../api/client';
import { imageSource } from '../../../../components/OfferCard';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { useBusinessTime } from '../../../../hooks/useBusinessTime';
import { usePagedList, type PagedList } from '../../../../hooks/usePagedList';
import { useReloadOnShow } from '../../../../hooks/useReloadOnShow';
import { t } from '../../../../i18n/messages';
import { contentApi, type Collectible, type Series } from '../../api';
import { c } from '../../i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../content.css';

function ruleText(rule: Series['rule']): string {
  switch (rule.kind) {
    case 'purchase':
      return c.rule.purchase(rule.priceCoins);
    case 'steps':
      return c.rule.steps(rule.steps);
    case 'venue_visits':
      return c.rule.venue_visits(rule.visits);
    case 'event_checkin':
      return c.rule.event_checkin();
    case 'content_view':
      return c.rule.content_view();
  }
}

function Rows<T>({ list, empty, testId, children }: { list: PagedList<T>; empty: string; testId: string; children: (item: T) => JSX.Element }) {
  if (list.items.length === 0) {
    if (list.error) return <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
    if (list.loading || !list.done) return <Loading />;
    return <Empty text={empty} />;
  }
  return (
    <View data-testid={testId}>
      {list.items.map(children)}
      {Boolean(list.error) && <Text className='notice notice--error'>{messageFor(list.error)}</Text>}
      {!list.done && <Text className='more' onClick={() => void list.load()}>{list.loading ? t.loading : t.loadMore}</Text>}
    </View>
  );
}

/** A series on sale: one key per purchase, kept while a lost answer is retried. */
function SeriesCard({ series, balance, onBought }: { series: Series; balance: number | null; onBought: (text: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef<string | null>(null);
  const buy = useAction(async () => {
    setError(null);
    key.current ??= newIdempotencyKey();
    try {
      const answer = await contentApi.buySeries(series.id, key.current);
      key.current = null;
      onBought(c.boughtSeries(answer.collectible.serial, answer.collectible.editionSize));
    } catch (caught) {
      if (!(caught instanceof ApiError && caught.code === 'NETWORK')) key.current = null;
      setError(messageFor(caught));
    } finally {
      setConfirming(false);
    }
  });
  const soldOut = series.issued >= series.editionSize;
  return (
    <View className='series' data-testid='series'>
      <Image className='series__art' src={imageSource(series.artworkUrl)} mode='aspectFill' />
      <View className='series__body'>
        <Text className='series__name'>{series.name}</Text>
        <Text className='series__meta'>{ruleText(series.rule)}</Text>
        <Text className='series__meta'>{c.issued(series.issued, series.editionSize)}</Text>
        {series.mySerial ? (
          <Text className='chip chip--member'>{c.owned(series.mySerial, series.editionSize)}</Text>
        ) : soldOut ? (
          <Text className='chip'>{c.soldOut}</Text>
        ) : series.rule.kind === 'purchase' ? (
          // Said before asking, as the mall does: confirming could only end in "not enough coins".
          balance !== null && series.rule.priceCoins > balance && !confirming ? (
            <Text className='field-error' data-testid='series-short'>{t.notEnough(series.rule.priceCoins - balance)}</Text>
          ) : confirming ? (
            <View className='confirm confirm--inline'>
              <Text className='confirm__question'>{c.confirmSeries(series.name, series.rule.priceCoins)}</Text>
              <View className='confirm__buttons'>
                <Button size='mini' onClick={() => setConfirming(false)} disabled={buy.running}>{c.cancel}</Button>
                <Button size='mini' type='primary' onClick={() => void buy.run()} disabled={buy.running} data-testid='confirm-series'>{c.confirm}</Button>
              </View>
            </View>
          ) : (
            <Button size='mini' type='primary' onClick={() => setConfirming(true)} data-testid='buy-series'>{c.buySeries(series.rule.priceCoins)}</Button>
          )
        ) : null}
        {error && <Text className='field-error'>{error}</Text>}
      </View>
    </View>
  );
}

/** The user's numbered collectibles (not transferable), and the series that can still be earned or bought. */
function Collection() {
  const time = useBusinessTime();
  const mine = usePagedList<Collectible>((cursor) => contentApi.collection(cursor));
  const series = usePagedList<Series>((cursor) => contentApi.series(cursor));
  useReloadOnShow(mine);
  const [notice, setNotice] = useState<string | null>(null);
  // The balance, so that a series the user cannot afford says so; unknown (null) until read, or if it cannot be.
  const me = useAsync(() => api.me(), []);
  useDidShow(() => {
    if (me.data) void me.reload();
  });
  const balance = me.data?.wallet.balance ?? null;

  return (
    <ScrollView className='content' scrollY data-testid='collection'>
      <Text className='content__hint'>{c.collectionHint}</Text>
      <Text className='transfer-note' data-testid='not-transferable'>{c.notTransferable}</Text>
      {notice && <Text className='notice notice--ok' data-testid='series-notice'>{notice}</Text>}
      <Rows list={mine} empty={c.noCollectibles} testId='my-collectibles'>
        {(item) => (
          <View key={item.id} className='collectible' data-testid='collectible'>
            <Image className='collectible__art' src={imageSource(item.artworkUrl)} mode='aspectFill' />
            <View className='collectible__body'>
              <Text className='collectible__name'>{item.name}</Text>
              <Text className='collectible__serial' data-testid='collectible-serial'>{c.serial(item.serial, item.editionSize)}</Text>
              <Text className='series__meta'>{`${c.obtainedBy[item.obtainedBy] ?? item.obtainedBy} · ${c.obtainedAt(time.day(item.obtainedAt))}`}</Text>
              <Text className='content__link content__link--small' onClick={() => void Taro.navigateTo({ url: `/packages/content/pages/share/index?id=${item.id}` })} data-testid='share-collectible'>{c.share}</Text>
            </View>
          </View>
        )}
      </Rows>
      <Text className='section__title section__title--pad'>{c.seriesTitle}</Text>
      <Rows list={series} empty={c.noSeries} testId='series-list'>
        {(item) => (
          <SeriesCard
            key={item.id}
            series={item}
            balance={balance}
            onBought={(text) => {
              setNotice(text);
              void me.reload();
              void mine.load(true);
              void series.load(true);
            }}
          />
        )}
      </Rows>
    </ScrollView>
  );
}

export default withPageBar(Collection);
