import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { Offer } from '../api/client';
import { t } from '../i18n/messages';
import './OfferCard.css';

declare const API_BASE: string;

/** An image URL as the device can load it: images uploaded to the BFF are named relative to its origin. */
export function imageSource(url: string): string {
  return url.startsWith('/') ? `${API_BASE}${url}` : url;
}

/** An offer's picture (or its kind on a coloured tile, also when the picture fails to load), title, merchant, price and stock. */
export function OfferCard({ offer, onClick }: { offer: Offer; onClick?: () => void }) {
  const [broken, setBroken] = useState<string | null>(null);
  const showImage = offer.imageUrl && broken !== offer.imageUrl;
  return (
    <View className='offer-card' onClick={onClick} data-testid='offer-card'>
      {showImage ? (
        <Image className='offer-card__image' src={imageSource(offer.imageUrl!)} mode='aspectFill' onError={() => setBroken(offer.imageUrl)} data-testid='offer-image' />
      ) : (
        <View className={`offer-card__image offer-card__image--${offer.kind}`} data-testid={offer.imageUrl ? 'offer-image-fallback' : undefined}>
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
