import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { TextField } from '../components/fields';
import { ErrorAlert, Notice } from '../components/ui';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { checkText } from '../lib/errors';
import { useSubmit } from '../lib/forms';
import { checkNewPassword, PASSWORD_MAX } from './passwords';

const ChangeMutation = graphql(
  `mutation ChangeMyPassword($current: String!, $next: String!) {
    changeMyPassword(currentPassword: $current, newPassword: $next)
  }`,
);

/** `/settings/password`: the current password, then the new one; other devices sign out. */
export function ChangePassword() {
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const submit = useSubmit({
    check: () => ({
      currentPassword: checkText(t, current, { max: PASSWORD_MAX }),
      newPassword: checkNewPassword(t, next),
    }),
    send: (mutate) => mutate(ChangeMutation, { current, next }),
    sent: () => {
      setDone(true);
      setCurrent('');
      setNext('');
    },
    failed: () => setCurrent(''),
  });

  return (
    <Page title={t('account.change.title')}>
      {done && (
        <Notice>
          <p>{t('account.change.done')}</p>
        </Notice>
      )}
      <form class="card form" onSubmit={submit.onSubmit} noValidate>
        {submit.error && <ErrorAlert error={submit.error} />}
        <TextField
          id="currentPassword"
          type="password"
          label={t('account.currentPassword')}
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
          error={submit.errors['currentPassword']}
          required
        />
        <TextField
          id="newPassword"
          type="password"
          label={t('account.newPassword')}
          hint={t('account.passwordHint')}
          autoComplete="new-password"
          maxLength={PASSWORD_MAX}
          value={next}
          onValue={setNext}
          error={submit.errors['newPassword']}
          required
        />
        <button type="submit" class="button button-primary button-block" disabled={submit.busy}>
          {submit.busy ? t('account.saving') : t('account.change.submit')}
        </button>
      </form>
    </Page>
  );
}
