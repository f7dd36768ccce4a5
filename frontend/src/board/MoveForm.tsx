import { TextField } from '../components/fields';
import { useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { checkText } from '../lib/errors';
import { MESSAGE_MAX, useSubmit } from '../lib/forms';
import { ConflictAlert } from './ConflictAlert';
import { moveLabel } from './moves';
import { TransitionMutation, type PanelItem, type Status, type Visibility } from './queries';

interface Target {
  id: string;
  title: string;
  kind: 'GRIEVANCE' | 'CUSTOMER_ISSUE';
  version: number;
}

/**
 * A move that needs an explanation (resolve, decline, ask for information). The
 * explanation of a resolution or a refusal goes to everyone involved; a question may go
 * to the employee or, for a customer's problem, to the customer.
 */
export function MoveForm({
  item,
  to,
  onDone,
  onCancel,
  onReload,
}: {
  item: Target;
  to: Status;
  onDone: (item: PanelItem) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t } = useT();
  const customer = item.kind === 'CUSTOMER_ISSUE';
  const widest: Visibility = customer ? 'PUBLIC' : 'SUBMITTER';
  const [draft, update, clear] = useDraft(`move.${item.id}.${to}`, {
    message: '',
    visibility: 'SUBMITTER' as Visibility,
  });
  const audience = customer ? t('moveDialog.audienceCustomer') : t('moveDialog.audienceGripe');
  const fieldId = `move-message-${item.id}`;
  const submit = useSubmit({
    check: () => ({
      message: checkText(t, draft.message, { max: MESSAGE_MAX }) && t('fieldErrors.message'),
    }),
    send: (mutate) =>
      mutate(TransitionMutation, {
        id: item.id,
        to,
        message: draft.message,
        visibility: to === 'WAITING_FOR_INFO' ? draft.visibility : widest,
        expectedVersion: item.version,
      }),
    sent: ({ transitionItem }) => {
      clear();
      onDone(transitionItem);
    },
  });
  const { error, busy } = submit;

  return (
    <form class="form move-form" onSubmit={submit.onSubmit} noValidate>
      {error && <ConflictAlert error={error} onReload={onReload} />}
      {to === 'WAITING_FOR_INFO' ? (
        customer ? (
          <fieldset class="choices">
            <legend>{t('moveDialog.askWhom')}</legend>
            {(['SUBMITTER', 'PUBLIC'] as const).map((visibility) => (
              <label key={visibility} class="choice">
                <input
                  type="radio"
                  name={`ask-${item.id}`}
                  value={visibility}
                  checked={draft.visibility === visibility}
                  onChange={() => update({ visibility })}
                />
                {visibility === 'PUBLIC' ? t('moveDialog.askCustomer') : t('moveDialog.askEmployee')}
              </label>
            ))}
          </fieldset>
        ) : (
          <p class="hint">{t('moveDialog.askSubmitter')}</p>
        )
      ) : (
        <p class="hint">
          {to === 'RESOLVED'
            ? t('moveDialog.explainResolved', { audience })
            : t('moveDialog.explainDeclined', { audience })}
        </p>
      )}
      <TextField
        multiline
        id={fieldId}
        label={to === 'WAITING_FOR_INFO' ? t('moveDialog.askInfo') : t('moveDialog.message')}
        value={draft.message}
        onValue={(message) => update({ message })}
        error={submit.errors['message']}
        rows={4}
      />
      <div class="button-row">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : moveLabel(t, to)}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
