import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { LangContext, i18n, isLang, useT, type Lang } from './i18n';
import { ANONYMOUS_GRIPE_PATH, ME_TOO_ANONYMOUS_PATH, RECEIPT_PATH } from './lib/anonymousScreens';
import { SessionProvider, useSession } from './lib/session';
import { GripeAnonymous } from './pages/GripeAnonymous';
import { GripeNew } from './pages/GripeNew';
import { Home } from './pages/Home';
import { ItemPage } from './pages/ItemPage';
import { Login } from './pages/Login';
import { MyItems } from './pages/MyItems';
import { NotFound } from './pages/NotFound';
import { Receipt } from './pages/Receipt';
import { MeTooAnonymous } from './pages/MeTooAnonymous';
import { RelayNew } from './pages/RelayNew';
import { Shared, SharedItemPage } from './pages/Shared';

/** A page whose code could not be downloaded (offline, or a newer version deployed). */
function CodeMissing() {
  const { t } = useT();
  return (
    <div class="page">
      <p class="alert alert-error" role="alert">
        {t('errors.NETWORK')}
      </p>
      <button type="button" class="button" onClick={() => location.reload()}>
        {t('common.retry')}
      </button>
    </div>
  );
}

// Managers only: the board is its own chunk, so employees' phones never download it.
const BoardPage = lazy(() => import('./board/BoardPage').catch(() => CodeMissing));
// Choices about emails: visited now and then, not worth every page's bytes.
const Settings = lazy(() =>
  import('./pages/Settings').then((m) => m.Settings).catch(() => CodeMissing),
);
// "You said, we did": read now and then, so not in every employee page's download.
const WeDidPage = lazy(() =>
  import('./pages/WeDid').then((m) => m.WeDidPage).catch(() => CodeMissing),
);
// Password pages: from an email link, or now and then; a chunk of their own.
const account = () => import('./account/pages');
const Welcome = lazy(() => account().then((m) => m.Welcome).catch(() => CodeMissing));
const ResetPassword = lazy(() =>
  account().then((m) => m.ResetPassword).catch(() => CodeMissing),
);
const ForgotPassword = lazy(() =>
  account().then((m) => m.ForgotPassword).catch(() => CodeMissing),
);
const ChangePassword = lazy(() =>
  account().then((m) => m.ChangePassword).catch(() => CodeMissing),
);
// Customers only, from the email link.
const Status = lazy(() =>
  import('./pages/Status').then((m) => m.Status).catch(() => CodeMissing),
);

/** A page for logged-in people; others go to the login page and come back after. */
function loggedIn<P extends object>(Page: ComponentType<P>, { manager = false } = {}) {
  return function Guarded(props: P) {
    const { me, ready } = useSession();
    const { url, route } = useLocation();
    const allowed = !!me && (!manager || me.isManager);
    useEffect(() => {
      if (ready && !me) route(`/login?next=${encodeURIComponent(url)}`, true);
    }, [ready, me, url]);
    if (!ready) return <Loading />;
    if (!me) return null;
    if (!allowed) return <NotFound />;
    return <Page {...props} />;
  };
}

const HomeRoute = loggedIn(Home);
const GripeRoute = loggedIn(GripeNew);
const RelayRoute = loggedIn(RelayNew);
const ItemsRoute = loggedIn(MyItems);
const ItemRoute = loggedIn(ItemPage);
const BoardRoute = loggedIn(BoardPage, { manager: true });
const WeDidRoute = loggedIn(WeDidPage);
const ChangePasswordRoute = loggedIn(ChangePassword);
const SharedRoute = loggedIn(Shared);
const SharedItemRoute = loggedIn(SharedItemPage);
const SettingsRoute = loggedIn(Settings);

function LoginRoute() {
  const { me, ready } = useSession();
  const { route, query, path } = useLocation();
  useEffect(() => {
    // Already logged in: nothing to do here. (This page stays mounted for a moment after
    // logging in while a lazily loaded next page arrives; then `path` is no longer ours.)
    if (ready && me && path === '/login' && !query['next']) route('/', true);
  }, [ready, me, path]);
  return <Login />;
}

export function App() {
  const [lang, setLang] = useState<Lang>(isLang(i18n.language) ? i18n.language : 'en');
  useEffect(() => {
    const onChange = (next: string) => setLang(isLang(next) ? next : 'en');
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, []);

  return (
    <LangContext.Provider value={lang}>
      <LocationProvider>
        <SessionProvider>
          <Layout>
            <ErrorBoundary>
              <Router>
                <Route path="/login" component={LoginRoute} />
                <Route path="/welcome" component={Welcome} />
                <Route path="/reset-password" component={ResetPassword} />
                <Route path="/forgot-password" component={ForgotPassword} />
                <Route path="/settings/password" component={ChangePasswordRoute} />
                <Route path="/" component={HomeRoute} />
                <Route path="/gripe/new" component={GripeRoute} />
                {/* The anonymous screens: no login guard, nothing sent with the session. */}
                <Route path={ANONYMOUS_GRIPE_PATH} component={GripeAnonymous} />
                <Route path="/relay/new" component={RelayRoute} />
                <Route path="/items" component={ItemsRoute} />
                <Route path="/items/:id" component={ItemRoute} />
                <Route path={RECEIPT_PATH} component={Receipt} />
                <Route path="/shared" component={SharedRoute} />
                <Route path="/shared/:id" component={SharedItemRoute} />
                <Route path={ME_TOO_ANONYMOUS_PATH} component={MeTooAnonymous} />
                <Route path="/board" component={BoardRoute} />
                <Route path="/settings" component={SettingsRoute} />
                <Route path="/we-did" component={WeDidRoute} />
                <Route path="/status" component={Status} />
                <Route default component={NotFound} />
              </Router>
            </ErrorBoundary>
          </Layout>
        </SessionProvider>
      </LocationProvider>
    </LangContext.Provider>
  );
}
