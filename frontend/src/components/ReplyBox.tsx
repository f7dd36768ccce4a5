import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { useMessageSending } from '../lib/sending';
import { TextArea } from './fields';
import { ErrorAlert, Notice } from './ui';

/**
 * An answer to the team from the submitter, named (`item`) or anonymous (`receipt`), or
 * from the customer on their status page (`customerStatus`): a text box
 * whose draft survives a reload, checked and sent by `post`, which the box calls with
 * the text and which resolves once the server has it. On an error the text stays.
 * When the item can no longer be answered, a note says so instead.
 */
export function ReplyBox({
  id,
  draftName,
  texts,
  canReply,
  post,
}: {
  id: string;
  draftName: string;
  texts: 'item' | 'receipt' | 'customerStatus';
  canReply: boolean;
  post: (body: string) => Promise<void>;
}) {
  const { t } = useT();
  const [draft, update, clear] = useDraft(draftName, { body: '' });
  const { problem, error, busy, send } = useMessageSending(t);
  const [sent, setSent] = useState(false);

  async function onReply(event: Event) {
    event.preventDefault();
    setSent(false);
    const delivered = await send(draft.body, async () => {
      await post(draft.body);
      clear();
    });
    setSent(delivered);
  }

  if (!canReply) return <p class="muted">{t(`${texts}.closed`)}</p>;
  return (
    <form class="card form" onSubmit={onReply} noValidate>
      {error && <ErrorAlert error={error} />}
      {sent && <Notice>{t(`${texts}.replySent`)}</Notice>}
      <TextArea
        id={id}
        label={t(`${texts}.reply`)}
        hint={t(`${texts}.replyHint`)}
        value={draft.body}
        onValue={(body) => update({ body })}
        error={problem}
        rows={3}
      />
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? t('common.sending') : t('common.send')}
      </button>
    </form>
  );
}
