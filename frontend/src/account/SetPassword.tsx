import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { SelectField, TextField } from '../components/fields';
import { ErrorAlert, Loading } from '../components/ui';
import { MeFields } from '../graphql/fragments';
import { graphql } from '../graphql/graphql';
import { useQuery } from '../graphql/hooks';
import { changeLanguage, isLang, useT, type Lang } from '../i18n';
import { useSubmit } from '../lib/forms';
import { useSession } from '../lib/session';
import { checkNewPassword, PASSWORD_MAX } from './passwords';

const LinkQuery = graphql(
  `query AccountLink($token: String!) {
    accountLink(token: $token) { purpose email displayName locale }
  }`,
);

const SetPasswordMutation = graphql(
  `mutation SetPasswordWithLink($token: String!, $password: String!, $locale: Locale) {
    setPasswordWithLink(token: $token, password: $password, locale: $locale) { ...MeFields }
  }`,
  [MeFields],
);

const LINK_PROBLEMS = ['LINK_INVALID', 'LINK_EXPIRED', 'LINK_USED'] as const;

/** The token travels in the fragment (`/welcome#<token>`): never sent to a server. */
function tokenFromHash(): string {
  return decodeURIComponent(location.hash.replace(/^#/, '')).trim();
}

/**
 * `/welcome#<token>` (an invitation, or the first admin's link) and
 * `/reset-password#<token>` (a reset): the person chooses a password (and, when invited,
 * their language) and is signed in. A link that cannot be used says why and offers a new one.
 */
export function SetPassword({ invitation = false }: { invitation?: boolean }) {
  const { t, lang } = useT();
  const { route } = useLocation();
  const { loggedIn } = useSession();
  const [token] = useState(tokenFromHash);
  const link = useQuery(LinkQuery, { token });
  const [password, setPassword] = useState('');
  const [language, setLanguage] = useState<Lang | null>(null);
  const chosen: Lang =
    language ?? (link.data ? (link.data.accountLink.locale === 'NL' ? 'nl' : 'en') : lang);
  const submit = useSubmit({
    check: () => ({ password: checkNewPassword(t, password) }),
    send: (mutate) =>
      mutate(SetPasswordMutation, {
        token,
        password,
        locale: invitation ? (chosen === 'nl' ? 'NL' : 'EN') : null,
      }),
    sent: ({ setPasswordWithLink }) => {
      history.replaceState(null, '', location.pathname); // the used token off the address bar
      loggedIn(setPasswordWithLink);
      route('/', true);
    },
    failed: () => setPassword(''),
  });
  const title = invitation ? t('account.welcome.title') : t('account.reset.title');
  const refused = link.error ?? (submit.error && LINK_PROBLEMS.some((c) => c === submit.error?.code)
    ? submit.error
    : null);

  if (refused && LINK_PROBLEMS.some((c) => c === refused.code)) {
    return (
      <Page title={title}>
        <div class="alert alert-error" role="alert">
          <p>{t(`errors.${refused.code as (typeof LINK_PROBLEMS)[number]}`)}</p>
        </div>
        <p>
          <a class="button button-primary" href="/forgot-password">
            {t('account.newLink')}
          </a>
        </p>
        <p class="center">
          <a href="/login">{t('login.title')}</a>
        </p>
      </Page>
    );
  }
  if (link.error) {
    return (
      <Page title={title}>
        <ErrorAlert error={link.error} onRetry={() => void link.reload()} />
      </Page>
    );
  }
  if (!link.data) return <Loading />;
  const who = link.data.accountLink;

  return (
    <Page
      title={title}
      lead={
        invitation
          ? t('account.welcome.lead', { name: who.displayName })
          : t('account.reset.lead', { name: who.displayName })
      }
    >
      <form class="card form" onSubmit={submit.onSubmit} noValidate>
        {submit.error && <ErrorAlert error={submit.error} />}
        {/* For password managers: the account this password belongs to. */}
        <input type="email" autoComplete="username" value={who.email} readOnly hidden />
        <p>
          {t('account.email')}: <strong>{who.email}</strong>
        </p>
        <TextField
          id="password"
          type="password"
          label={t('account.newPassword')}
          hint={t('account.passwordHint')}
          autoComplete="new-password"
          maxLength={PASSWORD_MAX}
          value={password}
          onValue={setPassword}
          error={submit.errors['password']}
          required
        />
        {invitation && (
          <SelectField
            id="language"
            label={t('account.language')}
            value={chosen}
            onValue={(value) => {
              if (!isLang(value)) return;
              setLanguage(value);
              void changeLanguage(value, true);
            }}
          >
            <option value="nl">Nederlands</option>
            <option value="en">English</option>
          </SelectField>
        )}
        <button type="submit" class="button button-primary button-block" disabled={submit.busy}>
          {submit.busy ? t('account.saving') : t('account.setPassword')}
        </button>
      </form>
    </Page>
  );
}

export function Welcome() {
  return <SetPassword invitation />;
}

export function ResetPassword() {
  return <SetPassword />;
}
