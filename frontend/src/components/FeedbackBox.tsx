import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { type ApiError, asApiError } from '../graphql/client';
import { useDraft } from '../lib/drafts';
import { checkText, fieldErrors } from '../lib/errors';
import { MESSAGE_MAX } from '../lib/sending';
import { TextArea } from './fields';
import { ErrorAlert } from './ui';

/**
 * "Did this solve it?" for the person the answer was owed to (the customer on the status
 * page, the named submitter of a gripe on its page): "solved" is one click; "not
 * solved" asks what is still wrong first, since the team needs that to take it up again.
 * `answer` resolves once the server has it; on an error the reason stays.
 */
export function FeedbackBox({
  id,
  title,
  explain,
  solvedLabel,
  notSolvedLabel,
  answer,
}: {
  id: string;
  title: string;
  explain?: string;
  solvedLabel: string;
  notSolvedLabel: string;
  answer: (solved: boolean, reason: string | null) => Promise<void>;
}) {
  const { t } = useT();
  const [draft, update, clear] = useDraft(`feedback.${id}`, { reason: '' });
  const [explaining, setExplaining] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [problem, setProblem] = useState<string | undefined>();

  async function run(solved: boolean, reason: string | null) {
    setBusy(true);
    setError(null);
    try {
      await answer(solved, reason);
      if (!solved) clear();
    } catch (caught) {
      const apiError = asApiError(caught);
      setError(apiError);
      setProblem(fieldErrors(t, apiError)['reason']);
    } finally {
      setBusy(false);
    }
  }

  function notSolved(event: Event) {
    event.preventDefault();
    // The reason may be left out; when given it is checked like any message.
    const issue = checkText(t, draft.reason, { max: MESSAGE_MAX, required: false });
    setProblem(issue);
    if (!issue) void run(false, draft.reason.trim() || null);
  }

  return (
    <section class="card feedback" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {explain && <p class="hint">{explain}</p>}
      {error && <ErrorAlert error={error} />}
      {explaining ? (
        <form class="form" onSubmit={notSolved} noValidate>
          <TextArea
            id={`${id}-reason`}
            label={t('feedback.reason')}
            hint={t('feedback.reasonHint')}
            optional
            value={draft.reason}
            onValue={(reason) => update({ reason })}
            error={problem}
            rows={3}
          />
          <div class="button-row">
            <button type="submit" class="button button-primary" disabled={busy}>
              {busy ? t('common.sending') : t('feedback.send')}
            </button>
            <button type="button" class="button" disabled={busy} onClick={() => setExplaining(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div class="button-row">
          <button type="button" class="button button-primary" disabled={busy} onClick={() => void run(true, null)}>
            {solvedLabel}
          </button>
          <button type="button" class="button" disabled={busy} onClick={() => setExplaining(true)}>
            {notSolvedLabel}
          </button>
        </div>
      )}
    </section>
  );
}
