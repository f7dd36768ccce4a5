import { useEffect, useState } from 'preact/hooks';
import { FeedbackBox } from '../components/FeedbackBox';
import { Page } from '../components/Page';
import { ReplyBox } from '../components/ReplyBox';
import { ErrorAlert, Loading, Notice, StatusBadge } from '../components/ui';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useMutation, useQuery } from '../graphql/hooks';
import { changeLanguage, useT, type TFunction } from '../i18n';
import { formatDate, formatDateTime } from '../lib/format';

const StatusFields = graphql(`
  fragment CustomerStatusFields on CustomerStatus {
    reference title body status createdAt locale teamName emailsStopped canGiveFeedback
    canReply question
    timeline { id type at toStatus message byCustomer solved viaEmail attachmentsLeftOut }
  }
`);
const StatusQuery = graphql(
  `query CustomerStatus($token: String!) { customerStatus(token: $token) { ...CustomerStatusFields } }`,
  [StatusFields],
);
const Feedback = graphql(
  `mutation CustomerFeedback($token: String!, $solved: Boolean!, $reason: String) {
    customerFeedback(token: $token, solved: $solved, reason: $reason) { ...CustomerStatusFields }
  }`,
  [StatusFields],
);
const Reply = graphql(
  `mutation ReplyAsCustomer($token: String!, $body: String!) {
    replyAsCustomer(token: $token, body: $body) { ...CustomerStatusFields }
  }`,
  [StatusFields],
);
const ResumeEmails = graphql(
  `mutation ResumeCustomerEmails($token: String!) { resumeCustomerEmails(token: $token) { ...CustomerStatusFields } }`,
  [StatusFields],
);
const StopEmails = graphql(
  `mutation StopCustomerEmails($token: String!) { stopCustomerEmails(token: $token) { ...CustomerStatusFields } }`,
  [StatusFields],
);

type CustomerStatus = ResultOf<typeof StatusFields>;
type PublicEntry = CustomerStatus['timeline'][number];

/** The token travels in the URL fragment (`/status#…`), which browsers never send. */
function tokenFromHash(): string {
  return decodeURIComponent(location.hash.replace(/^#/, '')).trim();
}

function describe(t: TFunction, entry: PublicEntry): string {
  switch (entry.type) {
    case 'SUBMITTED':
      return t('timeline.submitted');
    case 'ACKNOWLEDGED':
      return t('timeline.acknowledged');
    case 'CUSTOMER_FEEDBACK':
      return entry.solved ? t('customerStatus.saidSolved') : t('customerStatus.saidNotSolved');
    case 'MESSAGE':
      return entry.byCustomer ? t('customerStatus.youSaid') : t('customerStatus.team');
    case 'ASSIGNED':
      return t('customerStatus.assigned');
    default:
      return entry.toStatus
        ? t('timeline.statusSet', { to: t(`status.${entry.toStatus}`) })
        : t('customerStatus.update');
  }
}

export function Status() {
  const { t, lang } = useT();
  const [token, setToken] = useState(tokenFromHash);
  const [said, setSaid] = useState<'solved' | 'notSolved' | null>(null);
  const query = useQuery(
    StatusQuery,
    { token },
    {
      enabled: !!token,
      // The customer reads this in the language they asked for.
      onAnswer: ({ customerStatus }) =>
        void changeLanguage(customerStatus.locale === 'NL' ? 'nl' : 'en', false),
    },
  );
  const { mutate, busy, error } = useMutation();
  const [confirming, setConfirming] = useState(false);
  const status = query.data?.customerStatus ?? null;

  useEffect(() => {
    const onHash = () => setToken(tokenFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const show = (customerStatus: CustomerStatus) => query.setData(() => ({ customerStatus }));

  async function stopEmails() {
    const answer = await mutate(StopEmails, { token });
    setConfirming(false);
    if (answer) query.setData(() => ({ customerStatus: answer.stopCustomerEmails }));
  }

  async function resumeEmails() {
    const answer = await mutate(ResumeEmails, { token });
    if (answer) query.setData(() => ({ customerStatus: answer.resumeCustomerEmails }));
  }

  if (!token) {
    return (
      <Page title={t('customerStatus.title')}>
        <p class="alert alert-info">{t('customerStatus.missingToken')}</p>
      </Page>
    );
  }
  if (!status) {
    return (
      <Page title={t('customerStatus.title')}>
        {query.loading && <Loading />}
        {query.error &&
          (query.error.code === 'NOT_FOUND' ? (
            <p class="alert alert-error" role="alert">
              {t('customerStatus.invalid')}
            </p>
          ) : (
            <ErrorAlert error={query.error} onRetry={() => void query.reload()} />
          ))}
      </Page>
    );
  }

  return (
    <Page title={status.title}>
      <div class="card">
        <p class="item-row-top">
          <span class="muted">
            {t('customerStatus.reference')} {status.reference}
          </span>
          <StatusBadge status={status.status} />
        </p>
        <p>{t('customerStatus.handledBy', { team: status.teamName })}</p>
        <p class="muted">{t('customerStatus.sentOn', { date: formatDate(lang, status.createdAt) })}</p>
      </div>
      <section class="card" aria-labelledby="description-title">
        <h2 id="description-title">{t('customerStatus.description')}</h2>
        <p class="body-text">{status.body}</p>
      </section>
      {status.question && (
        <section class="alert alert-info question" aria-labelledby="question-title">
          <h2 id="question-title">{t('customerStatus.questionTitle')}</h2>
          <p class="message">{status.question}</p>
          <p>{t('customerStatus.questionAnswerHint')}</p>
        </section>
      )}
      {error && <ErrorAlert error={error} />}
      {said === 'solved' && <Notice>{t('customerStatus.thanksSolved')}</Notice>}
      {said === 'notSolved' && <Notice>{t('customerStatus.thanksNotSolved')}</Notice>}
      {status.canGiveFeedback && (
        <FeedbackBox
          id="feedback"
          title={t('customerStatus.solvedQuestion')}
          solvedLabel={t('customerStatus.solved')}
          notSolvedLabel={t('customerStatus.notSolved')}
          send={(mutate, solved, reason) => mutate(Feedback, { token, solved, reason })}
          sent={({ customerFeedback }, solved) => {
            show(customerFeedback);
            setSaid(solved ? 'solved' : 'notSolved');
          }}
        />
      )}
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        <ol class="timeline">
          {status.timeline.map((entry) => (
            <li
              key={entry.id}
              class={`entry ${entry.message ? 'has-message vis-public' : ''} ${entry.byCustomer ? 'mine' : ''}`}
            >
              <div class="entry-head">
                <span class="entry-what">
                  {describe(t, entry)}
                  {entry.viaEmail && <span class="entry-via"> · {t('timeline.viaEmail')}</span>}
                </span>
                <time dateTime={entry.at}>{formatDateTime(lang, entry.at)}</time>
              </div>
              {entry.message && (
                <div class="bubble">
                  <p class="message">{entry.message}</p>
                </div>
              )}
              {entry.attachmentsLeftOut > 0 && (
                <p class="hint">{t('timeline.attachmentsLeftOut', { count: entry.attachmentsLeftOut })}</p>
              )}
            </li>
          ))}
        </ol>
      </section>
      <ReplyBox
        id="customer-reply"
        draftName={`status.${status.reference}`}
        texts="customerStatus"
        canReply={status.canReply}
        send={(mutate, body) => mutate(Reply, { token, body })}
        sent={({ replyAsCustomer }) => show(replyAsCustomer)}
      />
      <section class="card" aria-labelledby="emails-title">
        <h2 id="emails-title">{t('customerStatus.emails')}</h2>
        {status.emailsStopped ? (
          <>
            <p>{t('customerStatus.stopped')}</p>
            <button type="button" class="button" disabled={busy} onClick={() => void resumeEmails()}>
              {t('customerStatus.resumeEmails')}
            </button>
          </>
        ) : confirming ? (
          <>
            <p role="alert">{t('customerStatus.stopConfirm')}</p>
            <p class="button-row">
              <button
                type="button"
                class="button button-primary"
                disabled={busy}
                onClick={() => void stopEmails()}
              >
                {t('customerStatus.stopYes')}
              </button>
              <button type="button" class="button" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </p>
          </>
        ) : (
          <>
            <p class="hint">{t('customerStatus.stopExplain')}</p>
            <button type="button" class="button" onClick={() => setConfirming(true)}>
              {t('customerStatus.stopEmails')}
            </button>
          </>
        )}
      </section>
    </Page>
  );
}
