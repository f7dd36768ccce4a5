import { useState } from 'preact/hooks';
import type { Channel } from '../graphql/client';
import type { Mutate } from '../graphql/hooks';
import { useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { checkText } from '../lib/errors';
import { MESSAGE_MAX, useSubmit } from '../lib/forms';
import { TextField } from './fields';
import { ErrorAlert, Notice } from './ui';

/**
 * An answer to the team from the submitter, named (`item`) or anonymous (`receipt`), or
 * from the customer on their status page (`customerStatus`): a text box whose draft
 * survives a reload, checked, then sent by `send` with the text; `sent` takes
 * the server's answer. On an error the text stays. When the item can no longer be
 * answered, a note says so instead.
 */
export function ReplyBox<R>({
  id,
  draftName,
  texts,
  canReply,
  send,
  sent,
  channel,
}: {
  id: string;
  draftName: string;
  texts: 'item' | 'receipt' | 'customerStatus';
  canReply: boolean;
  send: (mutate: Mutate, body: string) => Promise<R | null>;
  sent: (answer: R) => void;
  channel?: Channel;
}) {
  const { t } = useT();
  const [draft, update, clear] = useDraft(draftName, { body: '' });
  const [delivered, setDelivered] = useState(false);
  const submit = useSubmit({
    check: () => ({ body: checkText(t, draft.body, { max: MESSAGE_MAX }) }),
    send: (mutate) => send(mutate, draft.body),
    sent: (answer) => {
      clear();
      sent(answer);
    },
    channel,
  });

  async function onReply(event: Event) {
    setDelivered(false);
    setDelivered(await submit.onSubmit(event));
  }

  if (!canReply) return <p class="muted">{t(`${texts}.closed`)}</p>;
  return (
    <form class="card form" onSubmit={onReply} noValidate>
      {submit.error && <ErrorAlert error={submit.error} />}
      {delivered && <Notice>{t(`${texts}.replySent`)}</Notice>}
      <TextField
        multiline
        id={id}
        label={t(`${texts}.reply`)}
        hint={t(`${texts}.replyHint`)}
        value={draft.body}
        onValue={(body) => update({ body })}
        error={submit.errors['body']}
        rows={3}
      />
      <button type="submit" class="button button-primary" disabled={submit.busy}>
        {submit.busy ? t('common.sending') : t('common.send')}
      </button>
    </form>
  );
}
