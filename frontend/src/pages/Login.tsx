import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { TextField } from '../components/fields';
import { ErrorAlert, Loading } from '../components/ui';
import { MeFields } from '../graphql/fragments';
import { graphql } from '../graphql/graphql';
import { useQuery } from '../graphql/hooks';
import { useT } from '../i18n';
import { checkText } from '../lib/errors';
import { useSubmit } from '../lib/forms';
import { useSession } from '../lib/session';

const SignInOptionsQuery = graphql(
  `query SignInOptions { signInOptions { passwordLogin singleSignOn } setupNeeded }`,
);

const REFUSALS = [
  'state',
  'provider',
  'unverified',
  'unavailable',
  'deactivated',
  'email',
  'taken',
] as const;
type Refusal = (typeof REFUSALS)[number];

function refusal(reason: string | undefined): Refusal | null {
  return REFUSALS.find((r) => r === reason) ?? null;
}

const LoginMutation = graphql(
  `mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { ...MeFields }
  }`,
  [MeFields],
);

/** Only our own paths: never send someone to another site after logging in. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function Login() {
  const { t } = useT();
  const { query, route } = useLocation();
  const { loggedIn } = useSession();
  const options = useQuery(SignInOptionsQuery);
  const sso = options.data?.signInOptions.singleSignOn ?? null;
  // Unknown yet, or not asked successfully: the password form, as before.
  const passwords = options.data?.signInOptions.passwordLogin ?? !options.loading;
  const refused = refusal(query['sso']);
  const next = safeNext(query['next']);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit({
    check: () => ({
      email: checkText(t, email, { max: 254 }),
      password: checkText(t, password, { max: 256 }),
    }),
    send: (mutate) => mutate(LoginMutation, { email: email.trim(), password }),
    sent: ({ login }) => {
      loggedIn(login);
      route(next, true);
    },
    failed: () => setPassword(''),
  });
  const { errors, error, busy } = submit;

  return (
    <Page title={t('login.title')} lead={passwords ? t('login.intro') : t('login.ssoIntro')}>
      {options.data?.setupNeeded && (
        <div class="alert" role="status">
          <p>{t('login.setup')}</p>
        </div>
      )}
      {refused && (
        <div class="alert alert-error" role="alert">
          <p>{t(`login.ssoRefused.${refused}`)}</p>
        </div>
      )}
      {sso && (
        <p>
          {/* A page of the server, not of the web app: the router must leave it alone. */}
          <a
            class="button button-primary button-block"
            href={`/auth/oidc/login?next=${encodeURIComponent(next)}`}
            onClick={(event) => event.stopPropagation()}
          >
            {t('login.sso', { name: sso })}
          </a>
        </p>
      )}
      {options.loading && !options.data && <Loading />}
      {passwords && sso && <p class="center">{t('login.or')}</p>}
      {passwords && (
        <form class="card form" onSubmit={submit.onSubmit} noValidate>
          {error && <ErrorAlert error={error} />}
          <TextField
            id="email"
            type="email"
            label={t('login.email')}
            autoComplete="username"
            inputMode="email"
            value={email}
            onValue={setEmail}
            error={errors['email']}
            required
          />
          <TextField
            id="password"
            type="password"
            label={t('login.password')}
            autoComplete="current-password"
            value={password}
            onValue={setPassword}
            error={errors['password']}
            required
          />
          <button
            type="submit"
            class={`button ${sso ? '' : 'button-primary '}button-block`}
            disabled={busy}
          >
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      )}
      {passwords && (
        <p class="center">
          <a href="/forgot-password">{t('login.forgot')}</a>
        </p>
      )}
      <p class="center">
        <a href="/receipt">{t('login.receiptLink')}</a>
      </p>
    </Page>
  );
}
