import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { request } from '../graphql/client';
import { MeFields } from '../graphql/fragments';
import { graphql, type ResultOf } from '../graphql/graphql';
import { changeLanguage, hasDeviceChoice, i18n } from '../i18n';
import { isAnonymousScreen } from './anonymousScreens';
import { topUp } from './anonymousWallet';
import { clearAllDrafts } from './drafts';

export type Me = ResultOf<typeof MeFields>;

const MeQuery = graphql(`query Me { me { ...MeFields } }`, [MeFields]);
const LogoutMutation = graphql(`mutation Logout { logout }`);
const SetLocaleMutation = graphql(
  `mutation SetMyLocale($locale: Locale!) { setMyLocale(locale: $locale) { ...MeFields } }`,
  [MeFields],
);

interface Session {
  /** Who is logged in; null when nobody (or not known yet, see `ready`). On an anonymous
   * screen opened first, nobody is asked: `me` stays null and `ready` false. */
  me: Me | null;
  ready: boolean;
  loggedIn: (me: Me) => void;
  logout: () => Promise<void>;
  /** Switch the interface language on this device (emails keep theirs: see the settings). */
  setLanguage: (lang: 'en' | 'nl') => Promise<void>;
  /** The language of my emails (the settings page); true when it was saved. */
  setEmailLanguage: (locale: 'EN' | 'NL') => Promise<boolean>;
}

const SessionContext = createContext<Session | null>(null);

function ask() {
  const asked = request(MeQuery);
  asked.catch(() => undefined);
  return asked;
}

// Asked as soon as the script runs, not after the first render: every page waits for it.
// Not on an anonymous screen: that would send the session cookie from it (it is asked
// when the person goes on to another page).
let whoIsThere: ReturnType<typeof ask> | null = isAnonymousScreen(location.pathname)
  ? null
  : ask();

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** At login, the account's language, unless this device chose one with the switch. */
function adoptLanguage(me: Me): void {
  if (hasDeviceChoice()) return;
  const lang = me.locale === 'NL' ? 'nl' : 'en';
  if (i18n.language !== lang) void changeLanguage(lang, false);
}

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const anonymousScreen = isAnonymousScreen(useLocation().path);
  const asked = useRef(false);
  const toppedUp = useRef(false);

  useEffect(() => {
    if (anonymousScreen || asked.current) return;
    asked.current = true;
    (whoIsThere ??= ask())
      .then((data) => {
        setMe(data.me);
        if (data.me) adoptLanguage(data.me);
      })
      .catch(() => setMe(null))
      .finally(() => setReady(true));
  }, [anonymousScreen]);

  // Logged in (just now, or when the app starts): this device's anonymous tokens, as on
  // everybody's — never from an anonymous screen.
  useEffect(() => {
    if (me && !anonymousScreen && !toppedUp.current) {
      toppedUp.current = true;
      void topUp();
    }
  }, [me, anonymousScreen]);

  const loggedIn = useCallback((who: Me) => {
    setMe(who);
    adoptLanguage(who);
  }, []);

  const logout = useCallback(async () => {
    try {
      await request(LogoutMutation);
    } finally {
      clearAllDrafts();
      setMe(null);
      toppedUp.current = false;
    }
  }, []);

  // The header's switch changes what this device shows, and nothing on the account: the
  // language of one's emails is chosen on the settings page, never changed silently.
  const setLanguage = useCallback(async (lang: 'en' | 'nl') => {
    await changeLanguage(lang, true);
  }, []);

  const setEmailLanguage = useCallback(async (locale: 'EN' | 'NL') => {
    try {
      setMe((await request(SetLocaleMutation, { locale })).setMyLocale);
      return true;
    } catch {
      return false;
    }
  }, []);

  const value = useMemo(
    () => ({ me, ready, loggedIn, logout, setLanguage, setEmailLanguage }),
    [me, ready, loggedIn, logout, setLanguage, setEmailLanguage],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
