import { Page } from '../components/Page';
import { useT } from '../i18n';

export function NotFound() {
  const { t } = useT();
  return (
    <Page title={t('app.notFoundTitle')}>
      <p>{t('app.notFoundText')}</p>
      <p>
        <a href="/">{t('app.backHome')}</a>
      </p>
    </Page>
  );
}
