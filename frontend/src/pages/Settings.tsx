import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { ErrorAlert, Loading } from '../components/ui';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useMutation, useQuery } from '../graphql/hooks';
import { useT } from '../i18n';
import { useSession } from '../lib/session';

const Choices = graphql(`query EmailPreferences { emailPreferences { kind delivery isDefault } }`);
const Choose = graphql(`
  mutation SetEmailPreference($kind: EmailKind!, $delivery: EmailDelivery!) {
    setEmailPreference(kind: $kind, delivery: $delivery) { kind delivery isDefault }
  }
`);

type Choice = ResultOf<typeof Choices>['emailPreferences'][number];
const DELIVERIES: Choice['delivery'][] = ['IMMEDIATE', 'DIGEST', 'OFF'];

/** Which emails I get and how often, and the language they are written in. The header's
 * language switch changes only what this device shows; emails change here. */
export function Settings() {
  const { t } = useT();
  const { me, setEmailLanguage } = useSession();
  const choices = useQuery(Choices, {});
  const { mutate, busy, error } = useMutation();
  const [saved, setSaved] = useState<string | null>(null);

  async function choose(kind: Choice['kind'], delivery: Choice['delivery']) {
    setSaved(null);
    const answer = await mutate(Choose, { kind, delivery });
    if (answer) {
      choices.setData(() => ({ emailPreferences: answer.setEmailPreference }));
      setSaved(t('settings.saved'));
    }
  }

  async function chooseLanguage(locale: 'EN' | 'NL') {
    setSaved(null);
    if (await setEmailLanguage(locale)) setSaved(t('settings.saved'));
  }

  return (
    <Page title={t('settings.title')} lead={t('settings.intro')}>
      {choices.error && <ErrorAlert error={choices.error} onRetry={() => void choices.reload()} />}
      {error && <ErrorAlert error={error} />}
      <p role="status" class="muted" aria-live="polite">
        {saved}
      </p>
      <section class="card" aria-labelledby="email-language">
        <h2 id="email-language">{t('settings.emailLanguage')}</h2>
        <p class="hint">{t('settings.emailLanguageHint')}</p>
        <div class="filter-row" role="radiogroup" aria-labelledby="email-language">
          {(['EN', 'NL'] as const).map((locale) => (
            <label key={locale}>
              <input
                type="radio"
                name="email-language"
                checked={me?.locale === locale}
                disabled={busy}
                onChange={() => void chooseLanguage(locale)}
              />{' '}
              {t(`settings.language.${locale}`)}
            </label>
          ))}
        </div>
      </section>
      <section class="card" aria-labelledby="email-kinds">
        <h2 id="email-kinds">{t('settings.emails')}</h2>
        <p class="hint">{t('settings.emailsHint')}</p>
        {choices.loading && <Loading />}
        {choices.data?.emailPreferences.map((choice) => (
          <fieldset key={choice.kind} class="preference">
            <legend>{t(`settings.kind.${choice.kind}`)}</legend>
            <div class="filter-row">
              {DELIVERIES.map((delivery) => (
                <label key={delivery}>
                  <input
                    type="radio"
                    name={`delivery-${choice.kind}`}
                    value={delivery}
                    checked={choice.delivery === delivery}
                    disabled={busy}
                    onChange={() => void choose(choice.kind, delivery)}
                  />{' '}
                  {t(`settings.delivery.${delivery}`)}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
      </section>
    </Page>
  );
}
