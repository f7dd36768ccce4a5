import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { TextField } from '../components/fields';
import { ErrorAlert, StatusBadge } from '../components/ui';
import { anonymousGraphql, type ResultOf } from '../graphql/anonymous';
import { useMutation } from '../graphql/hooks';
import { useT } from '../i18n';
import { ME_TOO_ANONYMOUS_PATH } from '../lib/anonymousScreens';
import { dropKeyOf, putBack, take } from '../lib/anonymousWallet';

const SayMeTooAnonymously = anonymousGraphql(`
  mutation SayMeTooAnonymously($id: ID!, $token: String!) {
    sayMeTooAnonymously(itemId: $id, token: $token) { receiptCode item { title meTooCount } }
  }
`);
const FollowMeToo = anonymousGraphql(`
  query FollowMeToo($receipt: String!) {
    anonymousMeToo(receipt: $receipt) { reference title status meTooCount answers { at message } }
  }
`);

/** Where "me too, anonymously" goes: the item's title travels in memory, not the URL. */
const titles = new Map<string, string>();
export function meTooAnonymouslyPath(id: string, title: string): string {
  titles.set(id, title);
  return `${ME_TOO_ANONYMOUS_PATH}?item=${encodeURIComponent(id)}`;
}

const NOT_SPENT = new Set(['NETWORK', 'NOT_FOUND', 'ME_TOO_REFUSED']);

/**
 * An anonymous screen (lib/anonymousScreens.ts): "me too" without a name, with one of this
 * device's tokens, on the anonymous channel; and following one with its receipt code.
 */
export function MeTooAnonymous() {
  const { t } = useT();
  const { query } = useLocation();
  const id = query['item'] ?? '';
  const { mutate, busy, error, failure } = useMutation({ channel: 'anonymous' });
  const [receipt, setReceipt] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [followed, setFollowed] = useState<ResultOf<typeof FollowMeToo>['anonymousMeToo'] | null>(null);

  async function send() {
    const token = await take();
    if (!token) return;
    const said = await mutate(SayMeTooAnonymously, { id, token });
    if (said) {
      setReceipt(said.sayMeTooAnonymously.receiptCode);
      return;
    }
    const code = failure()?.code ?? 'NETWORK';
    if (NOT_SPENT.has(code)) void putBack(token); // refused before it was spent, or lost
    else if (code === 'TOKEN_EXPIRED') void dropKeyOf(token);
  }

  async function follow(event: Event) {
    event.preventDefault();
    const found = await mutate(FollowMeToo, { receipt: code });
    if (found) setFollowed(found.anonymousMeToo);
  }

  return (
    <Page title={id ? t('shared.anonymousTitle') : t('shared.followTitle')}>
      {error && <ErrorAlert error={error} />}
      {id && !receipt && (
        <div class="card">
          {titles.get(id) && <h2>{titles.get(id)}</h2>}
          <p>{t('shared.anonymousIntro')}</p>
          <button type="button" class="button button-primary" disabled={busy} onClick={() => void send()}>
            {busy ? t('shared.anonymousSending') : t('shared.anonymousSend')}
          </button>
        </div>
      )}
      {receipt && (
        <div class="card">
          <p>{t('shared.anonymousDone')}</p>
          <p class="receipt-code" data-receipt>
            {receipt}
          </p>
        </div>
      )}
      <form class="card form" onSubmit={(event) => void follow(event)}>
        <TextField id="me-too-receipt" label={t('shared.receiptLabel')} value={code} onValue={setCode} />
        <button type="submit" class="button">
          {t('shared.look')}
        </button>
      </form>
      {followed && (
        <div class="card">
          <h2>{followed.title}</h2>
          <p>
            {followed.reference} · <StatusBadge status={followed.status} /> ·{' '}
            {t('shared.meTooCount', { count: followed.meTooCount })}
          </p>
          {followed.answers.map((answer) => (
            <p key={answer.at}>{answer.message}</p>
          ))}
        </div>
      )}
    </Page>
  );
}
