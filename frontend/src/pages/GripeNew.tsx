import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { CategorySelect } from '../components/CategorySelect';
import { Page } from '../components/Page';
import { CheckboxField, TextArea, TextField } from '../components/fields';
import { ErrorAlert } from '../components/ui';
import { type ApiError, asApiError, request } from '../graphql/client';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { checkText, compact, fieldErrors, type FieldErrors } from '../lib/errors';
import { setFlash } from '../lib/flash';
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
export const TITLE_MAX = 140;
export const BODY_MAX = 5000;

export function GripeNew() {
  const { t } = useT();
  const { route } = useLocation();
  const [draft, update, clear] = useDraft('gripe', EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // The receipt lives only here, in memory: never in the URL, storage or a log.
  const [receipt, setReceipt] = useState<{ code: string; reference: string } | null>(null);

  if (receipt) return <ReceiptShown code={receipt.code} reference={receipt.reference} />;

  async function onSubmit(event: Event) {
    event.preventDefault();
    const problems = compact({
      categoryId: draft.categoryId ? undefined : t('fieldErrors.category'),
      title: checkText(t, draft.title, { max: TITLE_MAX }),
      body: checkText(t, draft.body, { max: BODY_MAX }),
    });
    setErrors(problems);
    setError(null);
    if (Object.keys(problems).length) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const { submitGrievance: sent } = await request(SubmitGrievance, { input: draft });
      clear();
      if (sent.receiptCode && sent.anonymousItem) {
        setReceipt({ code: sent.receiptCode, reference: sent.anonymousItem.reference });
        window.scrollTo(0, 0);
      } else if (sent.item) {
        setFlash(t('gripe.sentNamed'));
        route(`/items/${sent.item.id}`);
      }
    } catch (caught) {
      const apiError = asApiError(caught);
      setError(apiError);
      setErrors(fieldErrors(t, apiError));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('gripe.title')} lead={t('gripe.intro')}>
      <form class="card form" onSubmit={onSubmit} noValidate>
        {error && <ErrorAlert error={error} />}
        <CategorySelect
          id="categoryId"
          label={t('gripe.category')}
          value={draft.categoryId}
          onValue={(categoryId) => update({ categoryId })}
          error={errors['categoryId']}
        />
        <TextField
          id="title"
          label={t('gripe.titleLabel')}
          hint={t('gripe.titleHint')}
          value={draft.title}
          onValue={(title) => update({ title })}
          error={errors['title']}
          required
        />
        <TextArea
          id="body"
          label={t('gripe.body')}
          hint={t('gripe.bodyHint')}
          value={draft.body}
          onValue={(body) => update({ body })}
          error={errors['body']}
          required
        />
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
        <p class="hint">{t('common.draftKept')}</p>
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('gripe.sending') : draft.anonymous ? t('gripe.submitAnonymous') : t('gripe.submit')}
        </button>
      </form>
    </Page>
  );
}

/** Put the cursor in the first field that needs attention. */
export function focusFirstError(): void {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
