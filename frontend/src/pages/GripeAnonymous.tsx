import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ItemFields, NewItemForm, checkItem } from '../components/NewItemForm';
import { Page } from '../components/Page';
import { CheckboxField } from '../components/fields';
import { anonymousGraphql } from '../graphql/anonymous';
import { useT } from '../i18n';
import { ANONYMOUS_GRIPE_PATH } from '../lib/anonymousScreens';
import { dropKeyOf, nextBatchFrom, putBack, take, tokensHeld } from '../lib/anonymousWallet';
import { useDraft } from '../lib/drafts';
import { formatDateTime } from '../lib/format';
import { useSubmit } from '../lib/forms';
import { EMPTY_GRIPE, GRIPE_DRAFT, ShareFields } from './GripeNew';
import { ReceiptShown } from './ReceiptShown';

const SubmitAnonymousGripe = anonymousGraphql(`
  mutation SubmitAnonymousGripe($input: AnonymousGripeInput!, $token: String!) {
    submitAnonymousGripe(input: $input, token: $token) { receiptCode item { reference } }
  }
`);

/** Answers after which the token was not spent, so it can be used again: the request
 * never reached the server, or the server refused the fields before looking at it. */
const NOT_SPENT = new Set(['NETWORK', 'VALIDATION']);

/**
 * The anonymous gripe: sent on the anonymous channel (no cookie, an endpoint that never
 * sees a session) with one of this device's tokens. Reachable without logging in; while
 * it is shown, nothing goes out with the session (lib/anonymousScreens.ts).
 */
export function GripeAnonymous() {
  const { t, lang } = useT();
  const { route } = useLocation();
  const [draft, update, clear] = useDraft(GRIPE_DRAFT, EMPTY_GRIPE);
  // The receipt lives only here, in memory: never in the URL, storage or a log.
  const [receipt, setReceipt] = useState<{ code: string; reference: string } | null>(null);
  const [held, setHeld] = useState<number | null>(null);
  const spending = useRef<string | null>(null);

  useEffect(() => {
    void tokensHeld().then(setHeld);
  }, []);

  const submit = useSubmit({
    channel: 'anonymous',
    check: () => checkItem(t, draft),
    send: async (mutate) => {
      const token = await take();
      if (!token) {
        setHeld(0);
        return null;
      }
      spending.current = token;
      const { categoryId, title, body, shared } = draft;
      return mutate(SubmitAnonymousGripe, { input: { categoryId, title, body, shared }, token });
    },
    sent: ({ submitAnonymousGripe: sent }) => {
      spending.current = null;
      clear();
      setReceipt({ code: sent.receiptCode, reference: sent.item.reference });
      window.scrollTo(0, 0);
    },
    failed: (error) => {
      const token = spending.current;
      spending.current = null;
      if (token && error && NOT_SPENT.has(error.code)) void putBack(token);
      else if (token && error?.code === 'TOKEN_EXPIRED') void dropKeyOf(token);
      void tokensHeld().then(setHeld);
    },
  });

  if (receipt) return <ReceiptShown code={receipt.code} reference={receipt.reference} />;

  const later = held === 0 ? nextBatchFrom() : null;
  return (
    <Page title={t('gripe.anonymousTitle')} lead={t('gripe.intro')}>
      {held === 0 && (
        <div class="alert alert-warning" role="alert">
          <p>
            {later ? t('gripe.tokensLater', { date: formatDateTime(lang, later) }) : t('gripe.noTokens')}
          </p>
          {!later && (
            <a class="button" href={`/login?next=${encodeURIComponent(ANONYMOUS_GRIPE_PATH)}`}>
              {t('gripe.noTokensLogin')}
            </a>
          )}
        </div>
      )}
      <NewItemForm submit={submit} busyLabel={t('gripe.sending')} label={t('gripe.submitAnonymous')}>
        <ItemFields
          texts="gripe"
          draft={draft}
          update={update}
          errors={submit.errors}
          channel="anonymous"
        />
        <ShareFields draft={draft} update={update} />
        <div class="anonymity anonymity-on">
          <CheckboxField
            id="anonymous"
            label={t('gripe.anonymous')}
            checked
            onChecked={(anonymous) => !anonymous && route('/gripe/new')}
          />
          <div class="anonymity-explain" id="anonymity-explain">
            <h2>{t('gripe.anonymousWhat')}</h2>
            <ul>
              <li>{t('gripe.anonymousPoints.noName')}</li>
              <li>{t('gripe.anonymousPoints.token')}</li>
              <li>{t('gripe.anonymousPoints.timing')}</li>
              <li>{t('gripe.anonymousPoints.receipt')}</li>
              <li>{t('gripe.anonymousPoints.outside')}</li>
              <li>{t('gripe.anonymousPoints.content')}</li>
            </ul>
          </div>
        </div>
      </NewItemForm>
    </Page>
  );
}
