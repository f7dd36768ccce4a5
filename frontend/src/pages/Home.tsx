import { Page } from '../components/Page';
import { ChatIcon, CustomerIcon } from '../components/icons';
import { useT } from '../i18n';
import { useSession } from '../lib/session';

export function Home() {
  const { t } = useT();
  const { me } = useSession();
  const firstName = me?.displayName.split(' ')[0] ?? '';
  return (
    <Page title={t('home.greeting', { name: firstName })} lead={t('home.intro')}>
      <div class="big-actions">
        <a class="big-action big-action-gripe" href="/gripe/new">
          <span class="big-action-icon">
            <ChatIcon size={32} />
          </span>
          <span class="big-action-title">{t('home.gripe')}</span>
          <span class="big-action-hint">{t('home.gripeHint')}</span>
        </a>
        <a class="big-action big-action-relay" href="/relay/new">
          <span class="big-action-icon">
            <CustomerIcon size={32} />
          </span>
          <span class="big-action-title">{t('home.relay')}</span>
          <span class="big-action-hint">{t('home.relayHint')}</span>
        </a>
      </div>
      <ul class="link-list">
        <li>
          <a href="/items">
            <strong>{t('home.myItems')}</strong>
            <span>{t('home.myItemsHint')}</span>
          </a>
        </li>
        <li>
          <a href="/receipt">
            <strong>{t('home.receipt')}</strong>
            <span>{t('home.receiptHint')}</span>
          </a>
        </li>
        <li>
          <a href="/we-did">
            <strong>{t('home.weDid')}</strong>
            <span>{t('home.weDidHint')}</span>
          </a>
        </li>
        {me?.isManager && (
          <li>
            <a href="/board">
              <strong>{t('home.board')}</strong>
              <span>{t('home.boardHint')}</span>
            </a>
          </li>
        )}
      </ul>
    </Page>
  );
}
