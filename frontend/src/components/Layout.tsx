import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useT } from '../i18n';
import { isAnonymousScreen } from '../lib/anonymousScreens';
import { useSession } from '../lib/session';
import { NotificationsMenu } from './NotificationsMenu';

/** Pages shown to people who are not logged in: no navigation row to wait for. */
const OPEN_PAGES = new Set(['/login', '/status']);

export function Layout({ children }: { children: ComponentChildren }) {
  const { t, lang } = useT();
  const session = useSession();
  const { path, route } = useLocation();
  // On an anonymous screen the page shows nobody's name and offers nothing that would
  // go out with the session; leaving it by a link is always possible.
  const me = isAnonymousScreen(path) ? null : session.me;
  // Until the session is known, a page for logged-in people keeps the navigation row's
  // place empty, so that nothing below it moves when it appears (Lighthouse's layout shift).
  const navPending = !session.ready && !isAnonymousScreen(path) && !OPEN_PAGES.has(path);
  const { logout, setLanguage } = session;
  const [leaving, setLeaving] = useState(false);
  const current = (href: string) =>
    (href === '/' ? path === '/' : path.startsWith(href)) ? 'page' : undefined;

  async function onLogout() {
    setLeaving(true);
    try {
      await logout();
    } finally {
      setLeaving(false);
      route('/login');
    }
  }

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="topbar">
        <a class="brand" href={session.me ? '/' : '/login'}>
          <span class="brand-mark" aria-hidden="true" />
          <span>{t('app.name')}</span>
        </a>
        {navPending && <div class="topnav" aria-hidden="true" />}
        {me && (
          <nav aria-label={t('app.mainNav')} class="topnav">
            <a href="/" aria-current={current('/')}>
              {t('app.home')}
            </a>
            <a href="/items" aria-current={current('/items')}>
              {t('app.myItems')}
            </a>
            <a href="/shared" aria-current={current('/shared')}>
              {t('app.shared')}
            </a>
            {me.isManager && (
              <a href="/board" aria-current={current('/board')}>
                {t('app.board')}
              </a>
            )}
            <a href="/settings" aria-current={current('/settings')}>
              {t('app.settings')}
            </a>
          </nav>
        )}
        <div class="topbar-tools">
          {me && <NotificationsMenu />}
          <button
            type="button"
            class="link-button"
            lang={lang === 'en' ? 'nl' : 'en'}
            aria-label={t('app.switchLanguageLabel')}
            onClick={() => void setLanguage(lang === 'en' ? 'nl' : 'en')}
          >
            {t('app.switchLanguage')}
          </button>
          {me && (
            <button type="button" class="link-button" onClick={onLogout} disabled={leaving}>
              {leaving ? t('app.loggingOut') : t('app.logout')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
