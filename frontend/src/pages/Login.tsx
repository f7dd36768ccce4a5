import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { TextField } from '../components/fields';
import { ErrorAlert } from '../components/ui';
import { MeFields } from '../graphql/fragments';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { checkText } from '../lib/errors';
import { useSubmit } from '../lib/forms';
import { useSession } from '../lib/session';

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
      route(safeNext(query['next']), true);
    },
    failed: () => setPassword(''),
  });
  const { errors, error, busy } = submit;

  return (
    <Page title={t('login.title')} lead={t('login.intro')}>
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
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p class="center">
        <a href="/receipt">{t('login.receiptLink')}</a>
      </p>
    </Page>
  );
}
