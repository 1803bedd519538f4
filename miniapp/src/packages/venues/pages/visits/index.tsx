import { ScrollView, Text } from '@tarojs/components';
import { messageFor } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { usePagedList } from '../../../../hooks/usePagedList';
import { useReloadOnShow } from '../../../../hooks/useReloadOnShow';
import { t } from '../../../../i18n/messages';
import { venuesApi, type Visit } from '../../api';
import { VisitCard } from '../../components/VisitCard';
import { v } from '../../i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../venues.css';

/** The user's visits, newest first, each with its receipt: minutes, fee, calories and coins. */
function Visits() {
  const { businessTimeZone } = useClientConfig();
  const list = usePagedList<Visit>((cursor) => venuesApi.visits(cursor));
  useReloadOnShow(list);

  if (list.items.length === 0 && list.error) return <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
  if (list.items.length === 0 && (list.loading || !list.done)) return <Loading />;
  if (list.items.length === 0) return <Empty text={v.noVisits} />;
  return (
    <ScrollView className='venues' scrollY onScrollToLower={() => void list.load()} data-testid='visits'>
      {list.items.map((visit) => (
        <VisitCard key={visit.id} visit={visit} timeZone={businessTimeZone} />
      ))}
      {Boolean(list.error) && <Text className='notice notice--error'>{messageFor(list.error)}</Text>}
      <Text className='more' onClick={() => void list.load()}>{list.loading ? t.loading : list.done ? t.noMore : t.loadMore}</Text>
    </ScrollView>
  );
}

export default withPageBar(Visits);
