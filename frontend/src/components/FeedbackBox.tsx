import { useState } from 'preact/hooks';
import type { Channel } from '../graphql/client';
import { type Mutate, useMutation } from '../graphql/hooks';
import { useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { checkText } from '../lib/errors';
import { MESSAGE_MAX, useSubmit } from '../lib/forms';
import { TextField } from './fields';
import { ErrorAlert } from './ui';

/**
 * "Did this solve it?" for the person the answer was owed to (the customer on the status
 * page, the named submitter of a gripe on its page): "solved" is one click; "not
 * solved" first asks what is still wrong (it may be left empty), since the team needs it
 * to take the item up again. `send` sends the answer through `mutate`; `sent` takes the
 * server's answer. On an error the reason typed stays.
 */
export function FeedbackBox<R>({
  id,
  title,
  explain,
  solvedLabel,
  notSolvedLabel,
  send,
  sent,
  channel,
}: {
  id: string;
  title: string;
  explain?: string;
  solvedLabel: string;
  notSolvedLabel: string;
  send: (mutate: Mutate, solved: boolean, reason: string | null) => Promise<R | null>;
  sent: (answer: R, solved: boolean) => void;
  channel?: Channel;
}) {
  const { t } = useT();
  const [draft, update, clear] = useDraft(`feedback.${id}`, { reason: '' });
  const [explaining, setExplaining] = useState(false);
  const solved = useMutation({ channel });
  const notSolved = useSubmit({
    check: () => ({ reason: checkText(t, draft.reason, { max: MESSAGE_MAX, required: false }) }),
    send: (mutate) => send(mutate, false, draft.reason.trim() || null),
    sent: (answer) => {
      clear();
      sent(answer, false);
    },
    channel,
  });
  const busy = solved.busy || notSolved.busy;

  async function onSolved() {
    const answer = await send(solved.mutate, true, null);
    if (answer !== null) sent(answer, true);
  }

  const error = solved.error ?? notSolved.error;
  return (
    <section class="card feedback" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {explain && <p class="hint">{explain}</p>}
      {error && <ErrorAlert error={error} />}
      {explaining ? (
        <form class="form" onSubmit={(event) => void notSolved.onSubmit(event)} noValidate>
          <TextField
            multiline
            id={`${id}-reason`}
            label={t('feedback.reason')}
            hint={t('feedback.reasonHint')}
            optional
            value={draft.reason}
            onValue={(reason) => update({ reason })}
            error={notSolved.errors['reason']}
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
          <button type="button" class="button button-primary" disabled={busy} onClick={() => void onSolved()}>
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
