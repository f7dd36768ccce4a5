import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../graphql/graphql';
import { useMutation, useQuery } from '../graphql/hooks';
import { useT } from '../i18n';
import { ErrorAlert, StatusBadge } from './ui';
import { SayMeToo, SharedItemFields } from '../pages/Shared';

const SimilarItemsQuery = graphql(
  `query SimilarItems($title: String!) { similarItems(title: $title) { ...SharedItemFields } }`,
  [SharedItemFields],
);

/** The title a person stopped typing for a moment. */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** While a title is typed: up to five similar shared (or own) items; "me too" on one
 * says it instead of sending a duplicate (`onMeToo`). */
export function SimilarItems({ title, onMeToo }: { title: string; onMeToo: (id: string) => void }) {
  const { t } = useT();
  const settled = useSettled(title.trim());
  const { data } = useQuery(SimilarItemsQuery, { title: settled }, { enabled: settled.length >= 3 });
  const { mutate, busy, error } = useMutation();
  const items = data?.similarItems ?? [];
  if (items.length === 0) return null;
  return (
    <section class="similar-items" aria-live="polite">
      <h2 class="similar-title">{t('shared.similarTitle')}</h2>
      {error && <ErrorAlert error={error} />}
      <ul>
        {items.map((item) => (
          <li key={item.id} class="similar-item" data-item-id={item.id}>
            <a href={item.viewerIsSubmitter ? `/items/${item.id}` : `/shared/${item.id}`}>{item.title}</a>{' '}
            <StatusBadge status={item.status} />{' '}
            <span class="me-too-count">{t('shared.meTooCount', { count: item.meTooCount })}</span>{' '}
            {item.viewerIsSubmitter ? (
              <span class="muted">{t('shared.yours')}</span>
            ) : item.viewerSaidMeToo ? (
              <span class="muted">{t('shared.saidMeToo')}</span>
            ) : (
              <button
                type="button"
                class="button button-small"
                disabled={busy}
                onClick={async () => {
                  const said = await mutate(SayMeToo, { id: item.id });
                  if (said) onMeToo(item.id);
                }}
              >
                {t('shared.similarMeToo')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
