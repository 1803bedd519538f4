import { Image, Text, View } from '@tarojs/components';
import type { Offer } from '../api/client';
import { t } from '../i18n/messages';
import './OfferCard.css';

/** An offer's picture (or its kind on a coloured tile), title, merchant, price and stock. */
export function OfferCard({ offer, onClick }: { offer: Offer; onClick?: () => void }) {
  return (
    <View className='offer-card' onClick={onClick} data-testid='offer-card'>
      {offer.imageUrl ? (
        <Image className='offer-card__image' src={offer.imageUrl} mode='aspectFill' />
      ) : (
        <View className={`offer-card__image offer-card__image--${offer.kind}`}>
          <Text>{t.kindNames[offer.kind] ?? offer.kind}</Text>
        </View>
      )}
      <Text className='offer-card__title'>{offer.title}</Text>
      <Text className='offer-card__merchant'>{offer.merchantName}</Text>
      <View className='offer-card__foot'>
        <Text className='offer-card__price'>{`${offer.priceCoins} ${t.coins}`}</Text>
        <Text className='offer-card__stock'>{offer.stockLeft > 0 ? t.stockLeft(offer.stockLeft) : t.soldOut}</Text>
      </View>
    </View>
  );
}
