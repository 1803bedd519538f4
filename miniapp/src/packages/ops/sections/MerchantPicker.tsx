import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { Empty, Failure, Loading } from '../../../components/StateView';
import { usePagedList } from '../../../hooks/usePagedList';
import { t } from '../../../i18n/messages';
import { opsApi, type OpsMerchant } from '../api';
import { o } from '../i18n';
import { v } from '../venues-i18n';

// The longest search OpsMerchantsQuery accepts; a longer one would only be refused.
const SEARCH_MAX = 80;

/** The merchants whose name holds `q` (all of them for an empty one), newest first, a page at a time; a tap picks one. */
function MerchantMatches({ q, onChoose }: { q: string; onChoose: (merchant: OpsMerchant) => void }) {
  const list = usePagedList((cursor) => opsApi.merchants(q, cursor));
  if (list.items.length === 0) {
    if (list.error) return <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
    if (list.loading || !list.done) return <Loading />;
    return <Empty text={q ? v.noMerchantMatches(q) : v.noMerchants} />;
  }
  return (
    <View>
      {list.items.map((merchant) => (
        <View key={merchant.id} className='ops-pick__row' onClick={() => onChoose(merchant)} data-testid='new-venue-merchant-option'>
          <Text className='ops-pick__name'>{merchant.name}</Text>
          <Text className='ops-card__meta'>{v.merchantLogin(merchant.username, merchant.id)}</Text>
        </View>
      ))}
      {Boolean(list.error) && <Text className='ops-notice ops-notice--error'>{messageFor(list.error)}</Text>}
      {!list.done && (
        <Text className='ops-more' onClick={() => void list.load()} data-testid='new-venue-merchant-more'>
          {list.loading ? t.loading : t.loadMore}
        </Text>
      )}
    </View>
  );
}

/**
 * The merchant a new venue is for: searched by name and picked from a list, or, once picked, shown
 * with a way back to the list.
 */
export function MerchantPicker({ chosen, onChoose }: { chosen: OpsMerchant | null; onChoose: (merchant: OpsMerchant | null) => void }) {
  const [text, setText] = useState('');
  // Each search reads the list afresh, the same words again too (a merchant may have been added since).
  const [search, setSearch] = useState({ q: '', round: 0 });
  const find = () => setSearch((previous) => ({ q: text.trim(), round: previous.round + 1 }));
  if (chosen) {
    return (
      <View className='ops-pick__chosen' data-testid='new-venue-merchant'>
        <View className='ops-pick__picked' data-testid='new-venue-merchant-chosen'>
          <Text className='ops-pick__name'>{chosen.name}</Text>
          <Text className='ops-card__meta'>{v.merchantLogin(chosen.username, chosen.id)}</Text>
        </View>
        <Button className='ops-button' size='mini' onClick={() => onChoose(null)} data-testid='new-venue-merchant-change'>{v.changeMerchant}</Button>
      </View>
    );
  }
  return (
    <View data-testid='new-venue-merchant'>
      <View className='ops-bar' style={{ marginBottom: '8px' }}>
        <Input
          className='ops-input ops-input--wide'
          value={text}
          maxlength={SEARCH_MAX}
          placeholder={v.searchMerchants}
          confirmType='search'
          onInput={(event) => setText(event.detail.value)}
          onConfirm={find}
          data-testid='new-venue-merchant-search'
        />
        <Button className='ops-button' size='mini' type='primary' onClick={find} data-testid='new-venue-merchant-search-go'>{o.search}</Button>
      </View>
      <View className='ops-pick'>
        <MerchantMatches key={search.round} q={search.q} onChoose={onChoose} />
      </View>
    </View>
  );
}
