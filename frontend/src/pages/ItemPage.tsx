import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Flash } from '../components/Flash';
import { Page } from '../components/Page';
import { ReplyBox } from '../components/ReplyBox';
import { Timeline } from '../components/Timeline';
import { FeedbackBox } from '../components/FeedbackBox';
import { ErrorAlert, KindLabel, Loading, Notice, StatusBadge } from '../components/ui';
import { OwnItemFields } from '../graphql/fragments';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useQuery } from '../graphql/hooks';
import { categoryName, useT } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useSession } from '../lib/session';

const ItemQuery = graphql(`query OwnItem($id: ID!) { item(id: $id) { ...OwnItemFields } }`, [
  OwnItemFields,
]);
const ReplyMutation = graphql(
  `mutation ReplyToTeam($id: ID!, $body: String!) {
    addMessage(id: $id, body: $body, visibility: SUBMITTER) { ...OwnItemFields }
  }`,
  [OwnItemFields],
);

const GiveFeedback = graphql(
  `mutation GiveFeedback($id: ID!, $solved: Boolean!, $reason: String) {
    giveFeedback(id: $id, solved: $solved, reason: $reason) { ...OwnItemFields }
  }`,
  [OwnItemFields],
);

type Item = ResultOf<typeof OwnItemFields>;

export function ItemPage({ id }: { id: string }) {
  const { t } = useT();
  const { data, error, loading, reload, setData } = useQuery(ItemQuery, { id });
  const item = data?.item ?? null;
  const { route } = useLocation();
  // A manager of the item's team (from an email link) handles it on the board.
  const triage = !!item?.viewerCanTriage;
  useEffect(() => {
    if (triage) route(`/board?item=${id}`, true);
  }, [triage, id]);

  if (!item) {
    return (
      <Page title={t('app.myItems')}>
        {loading && <Loading />}
        {error && <ErrorAlert error={error} onRetry={() => void reload()} />}
      </Page>
    );
  }
  return <ItemView key={item.id} item={item} onChanged={(next) => setData(() => ({ item: next }))} />;
}

function ItemView({ item, onChanged }: { item: Item; onChanged: (item: Item) => void }) {
  const { t, lang } = useT();
  const { me } = useSession();
  const [said, setSaid] = useState<'solved' | 'notSolved' | null>(null);

  return (
    <Page title={item.title}>
      <Flash />
      <p>
        <a href="/items">← {t('item.back')}</a>
      </p>
      <div class="card">
        <p class="item-row-top">
          <KindLabel kind={item.kind} />
          <StatusBadge status={item.status} />
        </p>
        <dl class="facts">
          <dt>{t('item.reference')}</dt>
          <dd>{item.reference}</dd>
          <dt>{t('item.category')}</dt>
          <dd>
            {categoryName(lang, item.category)} · {item.team.name}
          </dd>
          <dt>{t('item.handledBy')}</dt>
          <dd>{item.assignee?.displayName ?? t('item.nobodyYet')}</dd>
          {item.customer && (
            <>
              <dt>{t('item.customer')}</dt>
              <dd>{item.customer.name}</dd>
            </>
          )}
        </dl>
        {item.status === 'NEW' && item.acknowledgeDueAt && (
          <p class="expect">{t('item.expectedAck', { date: formatDateTime(lang, item.acknowledgeDueAt) })}</p>
        )}
        {!['NEW', 'RESOLVED', 'DECLINED', 'CLOSED'].includes(item.status) && item.resolveDueAt && (
          <p class="expect">
            {t('item.expectedResolve', { date: formatDateTime(lang, item.resolveDueAt) })}
          </p>
        )}
        {!['RESOLVED', 'DECLINED', 'CLOSED'].includes(item.status) && (
          <p class="hint">{t('item.workingHours')}</p>
        )}
        <p class="body-text">{item.body}</p>
      </div>

      {item.status === 'WAITING_FOR_INFO' && <p class="alert alert-info">{t('item.askedForInfo')}</p>}
      {said && <Notice>{said === 'solved' ? t('item.thanksSolved') : t('item.thanksNotSolved')}</Notice>}
      {item.viewerCanGiveFeedback && (
        <FeedbackBox
          id={`feedback-${item.id}`}
          title={t('item.solvedQuestion')}
          explain={t('item.solvedExplain')}
          solvedLabel={t('item.solved')}
          notSolvedLabel={t('item.notSolved')}
          send={(mutate, solved, reason) => mutate(GiveFeedback, { id: item.id, solved, reason })}
          sent={({ giveFeedback }, solved) => {
            setSaid(solved ? 'solved' : 'notSolved');
            onChanged(giveFeedback);
          }}
        />
      )}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        <Timeline
          entries={item.timeline}
          perspective="submitter"
          kind={item.kind}
          meName={me?.displayName}
        />
      </section>

      <ReplyBox
        id="reply"
        draftName={`reply.${item.id}`}
        texts="item"
        canReply={item.status !== 'CLOSED'}
        send={(mutate, body) => mutate(ReplyMutation, { id: item.id, body })}
        sent={({ addMessage }) => onChanged(addMessage)}
      />
    </Page>
  );
}
