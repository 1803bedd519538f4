import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { onStaffSignOut, staffRole } from '../../../../api/client';
import { useAsync } from '../../../../hooks/useAsync';
import { gateApi, type MerchantVenue } from './api';

/**
 * The signed-in merchant's venues and the one this screen is for: the `venue` in the page's
 * query (a tablet at an entrance keeps its own), else the first live one.
 */
export function useMerchantVenues() {
  const query = useRouter().params.venue;
  const [signedIn, setSignedIn] = useState(staffRole() === 'merchant');
  const [chosen, setChosen] = useState<string | null>(query ?? null);
  useEffect(() => onStaffSignOut(() => setSignedIn(false)), []);
  const venues = useAsync<MerchantVenue[]>(() => (signedIn ? gateApi.venues() : Promise.resolve([])), [signedIn]);
  const list = venues.data ?? [];
  const venue = list.find((item) => item.id === chosen) ?? list.find((item) => item.status === 'live') ?? list[0] ?? null;
  return { signedIn, setSignedIn, venues, venue, choose: setChosen };
}
