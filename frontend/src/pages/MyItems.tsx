import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { Empty, ErrorAlert, KindLabel, Loading, StatusBadge } from '../components/ui';
import { graphql } from '../graphql/graphql';
import { useQuery } from '../graphql/hooks';
import { appendPage } from '../graphql/pages';
import { useT } from '../i18n';
import { formatDate } from '../lib/format';

const MyItemsQuery = graphql(`
  query MyItems($first: Int, $after: String, $open: Boolean) {
    myItems(first: $first, after: $after, open: $open) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id reference kind title status createdAt updatedAt messageCount unreadCount
          customer { name }
        }
      }
    }
  }
`);

const PAGE = 20;
const FILTERS = [
  ['filterAll', null],
  ['filterOpen', true],
  ['filterClosed', false],
] as const;

export function MyItems() {
  const { t, lang } = useT();
  const [open, setOpen] = useState<boolean | null>(null);
  const { data, error, loading, fetchingMore, reload, fetchMore } = useQuery(MyItemsQuery, {
    first: PAGE,
    after: null,
    open,
  });
  const items = data?.myItems.edges.map((edge) => edge.node) ?? [];
  const loadMore = () =>
    data &&
    fetchMore(
      MyItemsQuery,
      { first: PAGE, after: data.myItems.pageInfo.endCursor ?? null, open },
      (shown, page) => ({ myItems: appendPage(shown.myItems, page.myItems) }),
    );

  return (
    <Page title={t('items.title')} lead={t('items.intro')}>
      {error && <ErrorAlert error={error} onRetry={() => void (data ? loadMore() : reload())} />}
      <div class="filter-row" role="group" aria-label={t('items.filter')}>
        {FILTERS.map(([label, value]) => (
          <button
            key={label}
            type="button"
            class={open === value ? 'button button-primary' : 'button'}
            aria-pressed={open === value}
            onClick={() => setOpen(value)}
          >
            {t(`items.${label}`)}
          </button>
        ))}
      </div>
      {!loading && !error && items.length === 0 && open !== null && (
        <Empty title={t('items.emptyFiltered')} />
      )}
      {!loading && !error && items.length === 0 && open === null && (
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
          <p class="muted">{t('items.count', { count: data?.myItems.totalCount ?? 0 })}</p>
          <ul class="item-list">
            {items.map((item) => (
              <li key={item.id}>
                <a href={`/items/${item.id}`} class="item-row">
                  <span class="item-row-top">
                    <KindLabel kind={item.kind} />
                    <StatusBadge status={item.status} />
                    {item.unreadCount > 0 && (
                      <span class="unread-badge">
                        {t('items.unread', { count: item.unreadCount })}
                      </span>
                    )}
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
      {(loading || fetchingMore) && <Loading />}
      {data?.myItems.pageInfo.hasNextPage && !fetchingMore && (
        <button type="button" class="button button-block" onClick={() => void loadMore()}>
          {t('common.loadMore')}
        </button>
      )}
      <p class="center">
        <a href="/receipt">{t('items.receiptLink')}</a>
      </p>
    </Page>
  );
}
