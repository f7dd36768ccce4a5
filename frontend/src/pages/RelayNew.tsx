import { useLocation } from 'preact-iso';
import { ItemFields, NewItemForm, checkItem } from '../components/NewItemForm';
import { Page } from '../components/Page';
import { CheckboxField, SelectField, TextField } from '../components/fields';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { checkEmail, checkText } from '../lib/errors';
import { setFlash } from '../lib/flash';
import { useSubmit } from '../lib/forms';

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
  const submit = useSubmit({
    check: () => ({
      ...checkItem(t, draft),
      customerName: checkText(t, draft.customerName, { max: 100 }),
      customerEmail: checkEmail(t, draft.customerEmail),
      consent: draft.consent ? undefined : t('fieldErrors.consent'),
    }),
    send: (mutate) => mutate(RelayCustomerIssue, { input: draft }),
    sent: ({ relayCustomerIssue: item }) => {
      clear();
      setFlash(
        t('relay.sent', { reference: item.reference, name: item.customer?.name ?? draft.customerName }),
      );
      route(`/items/${item.id}`);
    },
  });
  const { errors } = submit;

  return (
    <Page title={t('relay.title')} lead={t('relay.intro')}>
      <NewItemForm submit={submit} label={t('relay.submit')} busyLabel={t('relay.sending')}>
        <fieldset>
          <legend>{t('relay.problem')}</legend>
          <ItemFields texts="relay" draft={draft} update={update} errors={errors} />
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
      </NewItemForm>
    </Page>
  );
}
