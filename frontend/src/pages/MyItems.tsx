import { useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { Empty, ErrorAlert, KindLabel, Loading, StatusBadge } from '../components/ui';
import { type ApiError, asApiError, request } from '../graphql/client';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useT } from '../i18n';
import { formatDate } from '../lib/format';

const MyItemsQuery = graphql(`
  query MyItems($first: Int, $after: String) {
    myItems(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id reference kind title status createdAt updatedAt messageCount
          customer { name }
        }
      }
    }
  }
`);

type Node = ResultOf<typeof MyItemsQuery>['myItems']['edges'][number]['node'];
const PAGE = 20;

export function MyItems() {
  const { t, lang } = useT();
  const [items, setItems] = useState<Node[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);

  async function load(after: string | null) {
    setLoading(true);
    setError(null);
    try {
      const { myItems } = await request(MyItemsQuery, { first: PAGE, after });
      setItems((current) => [...(after ? current : []), ...myItems.edges.map((e) => e.node)]);
      setTotal(myItems.totalCount);
      setCursor(myItems.pageInfo.endCursor ?? null);
      setHasMore(myItems.pageInfo.hasNextPage);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load(null);
  }, []);

  return (
    <Page title={t('items.title')} lead={t('items.intro')}>
      {error && <ErrorAlert error={error} onRetry={() => void load(cursor)} />}
      {!loading && !error && items.length === 0 && (
        <Empty title={t('items.empty')}>
          <p>{t('items.emptyHint')}</p>
          <p class="button-row">
            <a class="button button-primary" href="/gripe/new">
              {t('home.gripe')}
            </a>
            <a class="button" href="/relay/new">
              {t('home.relay')}
            </a>
          </p>
        </Empty>
      )}
      {items.length > 0 && (
        <>
          <p class="muted">{t('items.count', { count: total })}</p>
          <ul class="item-list">
            {items.map((item) => (
              <li key={item.id}>
                <a href={`/items/${item.id}`} class="item-row">
                  <span class="item-row-top">
                    <KindLabel kind={item.kind} />
                    <StatusBadge status={item.status} />
                  </span>
                  <span class="item-row-title">{item.title}</span>
                  <span class="item-row-meta">
                    {item.reference} · {t('items.sentOn', { date: formatDate(lang, item.createdAt) })}
                    {item.customer && ` · ${item.customer.name}`}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {loading && <Loading />}
      {hasMore && !loading && (
        <button type="button" class="button button-block" onClick={() => void load(cursor)}>
          {t('common.loadMore')}
        </button>
      )}
      <p class="center">
        <a href="/receipt">{t('items.receiptLink')}</a>
      </p>
    </Page>
  );
}
