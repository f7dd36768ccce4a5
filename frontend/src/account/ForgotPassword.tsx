import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { TextField } from '../components/fields';
import { ErrorAlert, Notice } from '../components/ui';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { checkEmail } from '../lib/errors';
import { useSubmit } from '../lib/forms';

const ResetMutation = graphql(
  `mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`,
);

/** "Forgot your password?": the same answer whether or not the address has an account. */
export function ForgotPassword() {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const submit = useSubmit({
    check: () => ({ email: checkEmail(t, email) }),
    send: (mutate) => mutate(ResetMutation, { email: email.trim() }),
    sent: () => setSentTo(email.trim()),
  });

  return (
    <Page title={t('account.forgot.title')} lead={t('account.forgot.lead')}>
      {sentTo ? (
        <Notice>
          <p>{t('account.forgot.sent', { email: sentTo })}</p>
        </Notice>
      ) : (
        <form class="card form" onSubmit={submit.onSubmit} noValidate>
          {submit.error && <ErrorAlert error={submit.error} />}
          <TextField
            id="email"
            type="email"
            label={t('login.email')}
            autoComplete="username"
            inputMode="email"
            value={email}
            onValue={setEmail}
            error={submit.errors['email']}
            required
          />
          <button type="submit" class="button button-primary button-block" disabled={submit.busy}>
            {submit.busy ? t('account.sending') : t('account.forgot.submit')}
          </button>
        </form>
      )}
      <p class="center">
        <a href="/login">{t('login.title')}</a>
      </p>
    </Page>
  );
}
