import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { TextField } from '../components/fields';
import { ErrorAlert } from '../components/ui';
import { type ApiError, asApiError, request } from '../graphql/client';
import { MeFields } from '../graphql/fragments';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { compact, checkText, type FieldErrors } from '../lib/errors';
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const problems = compact({
      email: checkText(t, email, { max: 254 }),
      password: checkText(t, password, { max: 256 }),
    });
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(null);
    try {
      const data = await request(LoginMutation, { email: email.trim(), password });
      loggedIn(data.login);
      route(safeNext(query['next']), true);
    } catch (caught) {
      setError(asApiError(caught));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('login.title')} lead={t('login.intro')}>
      <form class="card form" onSubmit={onSubmit} noValidate>
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
