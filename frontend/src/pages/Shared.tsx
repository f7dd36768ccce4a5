import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Flash } from '../components/Flash';
import { Page } from '../components/Page';
import { SelectField, TextField } from '../components/fields';
import { Empty, ErrorAlert, Loading, StatusBadge } from '../components/ui';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useMutation, useQuery } from '../graphql/hooks';
import { categoryName, useT } from '../i18n';
import { setFlash } from '../lib/flash';
import { meTooAnonymouslyPath } from './MeTooAnonymous';

export const SharedItemFields = graphql(`
  fragment SharedItemFields on SharedItem {
    id reference title body status createdAt meTooCount viewerSaidMeToo viewerIsSubmitter
    team { id name }
    category { id nameEn nameNl }
    submitter { displayName }
  }
`);

const SharedItemsQuery = graphql(
  `query SharedItems($sort: SharedSort!, $search: String) {
    sharedItems(sort: $sort, search: $search, first: 30) {
      totalCount edges { node { ...SharedItemFields } }
    }
  }`,
  [SharedItemFields],
);

const SharedItemQuery = graphql(
  `query SharedItem($id: ID!) {
    sharedItem(id: $id) { ...SharedItemFields answers { at toStatus message } }
  }`,
  [SharedItemFields],
);

export const SayMeToo = graphql(
  `mutation SayMeToo($id: ID!) { sayMeToo(id: $id) { ...SharedItemFields } }`,
  [SharedItemFields],
);

type Shared = ResultOf<typeof SharedItemFields>;
const SORTS = ['NEWEST', 'MOST_ME_TOO', 'RECENTLY_RESOLVED'] as const;

/** "Me too" by name, or a way to say it anonymously (on an anonymous screen). */
export function MeTooButtons({ item, onSaid }: { item: Shared; onSaid: (item: Shared) => void }) {
  const { t } = useT();
  const { mutate, busy, error } = useMutation();
  if (item.viewerIsSubmitter) return <p class="muted">{t('shared.yours')}</p>;
  if (item.viewerSaidMeToo) return <p class="me-too-said">{t('shared.saidMeToo')}</p>;
  return (
    <div class="me-too-buttons">
      {error && <ErrorAlert error={error} />}
      <button
        type="button"
        class="button button-primary"
        disabled={busy}
        onClick={async () => {
          const said = await mutate(SayMeToo, { id: item.id });
          if (said) onSaid(said.sayMeToo);
        }}
      >
        {t('shared.meToo')}
      </button>
      <a class="button" href={meTooAnonymouslyPath(item.id, item.title)}>
        {t('shared.meTooAnonymous')}
      </a>
    </div>
  );
}

function SharedCard({ item, onSaid }: { item: Shared; onSaid: (item: Shared) => void }) {
  const { t, lang } = useT();
  return (
    <li class="card shared-item" data-item-id={item.id}>
      <h2 class="shared-title">
        <a href={`/shared/${item.id}`}>{item.title}</a>
      </h2>
      <p class="muted">
        <StatusBadge status={item.status} /> {item.team.name} · {categoryName(lang, item.category)}
        {' · '}
        <span class="me-too-count">{t('shared.meTooCount', { count: item.meTooCount })}</span>
      </p>
      {item.submitter && <p class="muted">{t('shared.byName', { name: item.submitter.displayName })}</p>}
      <MeTooButtons item={item} onSaid={onSaid} />
    </li>
  );
}

/** Shared items: browse (newest, most "me too", recently resolved), search, "me too". */
export function Shared() {
  const { t } = useT();
  const [sort, setSort] = useState<(typeof SORTS)[number]>('NEWEST');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const { data, error, loading, reload, setData } = useQuery(SharedItemsQuery, {
    sort,
    search: search || null,
  });
  const items = data?.sharedItems.edges.map((e) => e.node) ?? [];
  const onSaid = (said: Shared) =>
    setData((current) => ({
      sharedItems: {
        ...current.sharedItems,
        edges: current.sharedItems.edges.map((e) => (e.node.id === said.id ? { node: said } : e)),
      },
    }));
  return (
    <Page title={t('shared.title')} lead={t('shared.intro')}>
      <Flash />
      <form
        class="card form shared-filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(typed.trim());
        }}
      >
        <TextField id="shared-search" label={t('shared.searchLabel')} value={typed} onValue={setTyped} />
        <button type="submit" class="button">
          {t('shared.search')}
        </button>
        <SelectField
          id="shared-sort"
          label={t('shared.sort')}
          value={sort}
          onValue={(value) => setSort(value as (typeof SORTS)[number])}
        >
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`shared.sortBy.${s}`)}
            </option>
          ))}
        </SelectField>
      </form>
      {error && <ErrorAlert error={error} onRetry={() => void reload()} />}
      {loading && !data && <Loading />}
      {!loading && !error && items.length === 0 && <Empty title={t('shared.empty')} />}
      <ul class="item-list">
        {items.map((item) => (
          <SharedCard key={item.id} item={item} onSaid={onSaid} />
        ))}
      </ul>
    </Page>
  );
}

/** One shared item, with the team's answers. */
export function SharedItemPage({ id }: { id: string }) {
  const { t, lang } = useT();
  const { route } = useLocation();
  const { data, error, loading, reload, setData } = useQuery(SharedItemQuery, { id });
  const item = data?.sharedItem ?? null;
  if (error) return <ErrorAlert error={error} onRetry={() => void reload()} />;
  if (loading || !item) return <Loading />;
  return (
    <Page title={item.title}>
      <Flash />
      <p class="muted">
        {item.reference} · <StatusBadge status={item.status} /> · {item.team.name} ·{' '}
        {categoryName(lang, item.category)} ·{' '}
        <span class="me-too-count">{t('shared.meTooCount', { count: item.meTooCount })}</span>
      </p>
      {item.submitter && <p class="muted">{t('shared.byName', { name: item.submitter.displayName })}</p>}
      <p class="item-body">{item.body}</p>
      <MeTooButtons
        item={item}
        onSaid={(said) => {
          setData((current) => ({ sharedItem: { ...current.sharedItem, ...said } }));
          setFlash(t('shared.sentMeToo'));
          route(`/shared/${said.id}`, true);
        }}
      />
      <h2>{t('shared.answers')}</h2>
      {item.answers.length === 0 && <p class="muted">{t('shared.noAnswers')}</p>}
      <ul class="answers">
        {item.answers.map((answer) => (
          <li key={answer.at} class="card">
            {answer.toStatus && <StatusBadge status={answer.toStatus} />} <span>{answer.message}</span>
          </li>
        ))}
      </ul>
    </Page>
  );
}
