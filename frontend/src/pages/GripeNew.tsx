import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ItemFields, NewItemForm, checkItem } from '../components/NewItemForm';
import { Page } from '../components/Page';
import { CheckboxField } from '../components/fields';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { setFlash } from '../lib/flash';
import { useSubmit } from '../lib/forms';
import { ReceiptShown } from './ReceiptShown';

const SubmitGrievance = graphql(`
  mutation SubmitGrievance($input: SubmitGrievanceInput!) {
    submitGrievance(input: $input) {
      item { id reference }
      anonymousItem { reference }
      receiptCode
    }
  }
`);

const EMPTY = { categoryId: '', title: '', body: '', anonymous: false };

export function GripeNew() {
  const { t } = useT();
  const { route } = useLocation();
  const [draft, update, clear] = useDraft('gripe', EMPTY);
  // The receipt lives only here, in memory: never in the URL, storage or a log.
  const [receipt, setReceipt] = useState<{ code: string; reference: string } | null>(null);
  const submit = useSubmit({
    check: () => checkItem(t, draft),
    send: (mutate) => mutate(SubmitGrievance, { input: draft }),
    sent: ({ submitGrievance: sent }) => {
      clear();
      if (sent.receiptCode && sent.anonymousItem) {
        setReceipt({ code: sent.receiptCode, reference: sent.anonymousItem.reference });
        window.scrollTo(0, 0);
      } else if (sent.item) {
        setFlash(t('gripe.sentNamed'));
        route(`/items/${sent.item.id}`);
      }
    },
  });

  if (receipt) return <ReceiptShown code={receipt.code} reference={receipt.reference} />;

  return (
    <Page title={t('gripe.title')} lead={t('gripe.intro')}>
      <NewItemForm
        submit={submit}
        busyLabel={t('gripe.sending')}
        label={draft.anonymous ? t('gripe.submitAnonymous') : t('gripe.submit')}
      >
        <ItemFields texts="gripe" draft={draft} update={update} errors={submit.errors} />
        <div class={draft.anonymous ? 'anonymity anonymity-on' : 'anonymity'}>
          <CheckboxField
            id="anonymous"
            label={t('gripe.anonymous')}
            checked={draft.anonymous}
            onChecked={(anonymous) => update({ anonymous })}
          />
          {draft.anonymous ? (
            <div class="anonymity-explain" id="anonymity-explain" aria-live="polite">
              <h2>{t('gripe.anonymousWhat')}</h2>
              <ul>
                <li>{t('gripe.anonymousPoints.noName')}</li>
                <li>{t('gripe.anonymousPoints.receipt')}</li>
                <li>{t('gripe.anonymousPoints.noEmail')}</li>
                <li>{t('gripe.anonymousPoints.content')}</li>
              </ul>
            </div>
          ) : (
            <p class="hint">{t('gripe.namedNote')}</p>
          )}
        </div>
      </NewItemForm>
    </Page>
  );
}
