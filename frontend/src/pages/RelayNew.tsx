import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { CategorySelect } from '../components/CategorySelect';
import { Page } from '../components/Page';
import { CheckboxField, SelectField, TextArea, TextField } from '../components/fields';
import { ErrorAlert } from '../components/ui';
import { type ApiError, asApiError, request } from '../graphql/client';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { checkEmail, checkText, compact, fieldErrors, type FieldErrors } from '../lib/errors';
import { setFlash } from '../lib/flash';
import { BODY_MAX, TITLE_MAX, focusFirstError } from './GripeNew';

const RelayCustomerIssue = graphql(`
  mutation RelayCustomerIssue($input: RelayCustomerIssueInput!) {
    relayCustomerIssue(input: $input) { id reference customer { name } }
  }
`);

type Locale = 'EN' | 'NL';

export function RelayNew() {
  const { t, lang } = useT();
  const { route } = useLocation();
  const [draft, update, clear] = useDraft('relay', {
    categoryId: '',
    title: '',
    body: '',
    customerName: '',
    customerEmail: '',
    customerLocale: (lang === 'nl' ? 'NL' : 'EN') as Locale,
    consent: false,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const problems = compact({
      categoryId: draft.categoryId ? undefined : t('fieldErrors.category'),
      title: checkText(t, draft.title, { max: TITLE_MAX }),
      body: checkText(t, draft.body, { max: BODY_MAX }),
      customerName: checkText(t, draft.customerName, { max: 100 }),
      customerEmail: checkEmail(t, draft.customerEmail),
      consent: draft.consent ? undefined : t('fieldErrors.consent'),
    });
    setErrors(problems);
    setError(null);
    if (Object.keys(problems).length) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const { relayCustomerIssue: item } = await request(RelayCustomerIssue, { input: draft });
      clear();
      setFlash(
        t('relay.sent', { reference: item.reference, name: item.customer?.name ?? draft.customerName }),
      );
      route(`/items/${item.id}`);
    } catch (caught) {
      const apiError = asApiError(caught);
      setError(apiError);
      setErrors(fieldErrors(t, apiError));
      if (apiError.code === 'VALIDATION') focusFirstError();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('relay.title')} lead={t('relay.intro')}>
      <form class="card form" onSubmit={onSubmit} noValidate>
        {error && <ErrorAlert error={error} />}
        <fieldset>
          <legend>{t('relay.problem')}</legend>
          <CategorySelect
            id="categoryId"
            label={t('relay.category')}
            value={draft.categoryId}
            onValue={(categoryId) => update({ categoryId })}
            error={errors['categoryId']}
          />
          <TextField
            id="title"
            label={t('relay.titleLabel')}
            hint={t('relay.titleHint')}
            value={draft.title}
            onValue={(title) => update({ title })}
            error={errors['title']}
            required
          />
          <TextArea
            id="body"
            label={t('relay.body')}
            hint={t('relay.bodyHint')}
            value={draft.body}
            onValue={(body) => update({ body })}
            error={errors['body']}
            required
          />
        </fieldset>
        <fieldset>
          <legend>{t('relay.customer')}</legend>
          <TextField
            id="customerName"
            label={t('relay.customerName')}
            autoComplete="off"
            value={draft.customerName}
            onValue={(customerName) => update({ customerName })}
            error={errors['customerName']}
            required
          />
          <TextField
            id="customerEmail"
            type="email"
            inputMode="email"
            autoComplete="off"
            label={t('relay.customerEmail')}
            value={draft.customerEmail}
            onValue={(customerEmail) => update({ customerEmail })}
            error={errors['customerEmail']}
            required
          />
          <SelectField
            id="customerLocale"
            label={t('relay.customerLocale')}
            value={draft.customerLocale}
            onValue={(value) => update({ customerLocale: value as Locale })}
            error={errors['customerLocale']}
          >
            <option value="NL" lang="nl">
              Nederlands
            </option>
            <option value="EN" lang="en">
              English
            </option>
          </SelectField>
          <CheckboxField
            id="consent"
            label={t('relay.consent')}
            hint={t('relay.consentHint')}
            checked={draft.consent}
            onChecked={(consent) => update({ consent })}
            error={errors['consent']}
          />
        </fieldset>
        <p class="hint">{t('common.draftKept')}</p>
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('relay.sending') : t('relay.submit')}
        </button>
      </form>
    </Page>
  );
}
