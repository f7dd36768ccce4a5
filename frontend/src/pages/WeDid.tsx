import { Page } from '../components/Page';
import { SelectField } from '../components/fields';
import { Empty, ErrorAlert, Loading } from '../components/ui';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useQuery } from '../graphql/hooks';
import { useT, type Lang } from '../i18n';
import { formatDate } from '../lib/format';
import { useLocation } from 'preact-iso';

const WeDidQuery = graphql(`
  query WeDid($period: WeDidPeriod) {
    weDid(period: $period) {
      since
      until
      received
      resolvedCount
      customerProblemsSolved
      resolved { id title teamName categoryNameEn categoryNameNl meTooCount explanation at }
      declined { id title teamName categoryNameEn categoryNameNl meTooCount explanation at }
      perTeam { nameEn nameNl received resolved }
      perCategory { nameEn nameNl received resolved }
    }
  }
`);

type WeDid = ResultOf<typeof WeDidQuery>['weDid'];
type Period = 'LAST_30_DAYS' | 'LAST_90_DAYS' | 'LAST_365_DAYS';
const PERIODS: Period[] = ['LAST_30_DAYS', 'LAST_90_DAYS', 'LAST_365_DAYS'];

/**
 * "You said, we did": what came of what colleagues shared — resolved with what was done,
 * declined with why — and how much of what came in was resolved, per team and category.
 * No figure is shown for fewer than 5 items.
 */
export function WeDidPage() {
  const { t } = useT();
  const { query, route } = useLocation();
  const period = (PERIODS as string[]).includes(query['period'] ?? '')
    ? (query['period'] as Period)
    : 'LAST_90_DAYS';
  const { data, error, loading, reload } = useQuery(WeDidQuery, { period });
  const found = data?.weDid;
  return (
    <Page title={t('weDid.title')} lead={t('weDid.lead')}>
      <SelectField
        id="we-did-period"
        label={t('weDid.period')}
        value={period}
        onValue={(value) => route(`/we-did?period=${value}`, true)}
      >
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            {t(`weDid.periods.${p}`)}
          </option>
        ))}
      </SelectField>
      {error && <ErrorAlert error={error} onRetry={() => void reload()} />}
      {!found && loading && <Loading />}
      {found && <Report found={found} />}
    </Page>
  );
}

function Report({ found }: { found: WeDid }) {
  const { t, lang } = useT();
  const few = t('weDid.fewerThanFive');
  return (
    <>
      <dl class="we-did-figures">
        <div>
          <dt>{t('weDid.received')}</dt>
          <dd>{found.received ?? few}</dd>
        </div>
        <div>
          <dt>{t('weDid.resolved')}</dt>
          <dd>{found.resolvedCount ?? few}</dd>
        </div>
        <div>
          <dt>{t('weDid.customers')}</dt>
          <dd>{found.customerProblemsSolved ?? few}</dd>
        </div>
      </dl>

      <section aria-labelledby="we-did-done">
        <h2 id="we-did-done">{t('weDid.done')}</h2>
        {found.resolved.length === 0 ? (
          <Empty title={t('weDid.noneDone')} />
        ) : (
          <Outcomes outcomes={found.resolved} lang={lang} />
        )}
      </section>
      <section aria-labelledby="we-did-not">
        <h2 id="we-did-not">{t('weDid.notDone')}</h2>
        {found.declined.length === 0 ? (
          <Empty title={t('weDid.noneDeclined')} />
        ) : (
          <Outcomes outcomes={found.declined} lang={lang} />
        )}
      </section>

      <Ratios title={t('weDid.perTeam')} id="we-did-teams" cells={found.perTeam} lang={lang} />
      <Ratios
        title={t('weDid.perCategory')}
        id="we-did-categories"
        cells={found.perCategory}
        lang={lang}
      />
      <p class="hint">{t('weDid.privacy')}</p>
    </>
  );
}

function Outcomes({ outcomes, lang }: { outcomes: WeDid['resolved']; lang: Lang }) {
  const { t } = useT();
  return (
    <ul class="item-list we-did-list">
      {outcomes.map((o) => (
        <li key={o.id} class="card">
          <h3>
            <a href={`/shared/${o.id}`}>{o.title}</a>
          </h3>
          <p class="muted">
            {o.teamName} · {lang === 'nl' ? o.categoryNameNl : o.categoryNameEn} ·{' '}
            {formatDate(lang, o.at)}
            {o.meTooCount > 0 && <> · {t('weDid.meToo', { count: o.meTooCount })}</>}
          </p>
          <p class="body-text">{o.explanation}</p>
        </li>
      ))}
    </ul>
  );
}

function Ratios({
  title,
  id,
  cells,
  lang,
}: {
  title: string;
  id: string;
  cells: WeDid['perTeam'];
  lang: Lang;
}) {
  const { t } = useT();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {cells.length === 0 ? (
        <p class="muted">{t('weDid.tooFew')}</p>
      ) : (
        <table class="we-did-table">
          <thead>
            <tr>
              <th scope="col">{t('weDid.name')}</th>
              <th scope="col">{t('weDid.received')}</th>
              <th scope="col">{t('weDid.resolved')}</th>
              <th scope="col">{t('weDid.share')}</th>
            </tr>
          </thead>
          <tbody>
            {cells.map((cell) => {
              const share = Math.round((100 * cell.resolved) / cell.received);
              return (
                <tr key={cell.nameEn ?? 'other'}>
                  <th scope="row">
                    {(lang === 'nl' ? cell.nameNl : cell.nameEn) ?? t('weDid.other')}
                  </th>
                  <td>{cell.received}</td>
                  <td>{cell.resolved}</td>
                  <td>
                    <span class="we-did-bar" style={{ width: `${(share * 6) / 100}rem` }} aria-hidden="true" />
                    {share}%
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
