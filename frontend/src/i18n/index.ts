/**
 * Languages: i18next with our two catalogues, bundled (they are small, and a second
 * request before the first paint would cost more than their bytes).
 *
 * The language comes from, in order: the logged-in person's setting (`me.locale`), the
 * page's own subject (the customer's language on the status page), a choice made on this
 * device, and the browser's languages.
 */
import i18next from 'i18next';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en';
import { nl } from './nl';
import { local } from '../lib/storage';

export type Lang = 'en' | 'nl';
export const LANGS: readonly Lang[] = ['en', 'nl'];
const CHOICE_KEY = 'mopper.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
    returnNull: false;
  }
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'nl';
}

/** The language for someone we know nothing about yet. */
export function deviceLanguage(): Lang {
  const chosen = local.get(CHOICE_KEY);
  if (isLang(chosen)) return chosen;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().slice(0, 2);
    if (isLang(base)) return base;
  }
  return 'en';
}

export const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en }, nl: { translation: nl } },
  lng: deviceLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGS,
  // Preact escapes what it renders; escaping here too would show &amp; and friends.
  interpolation: { escapeValue: false },
  initAsync: false,
});
document.documentElement.lang = i18n.language;

/** Whether this device's switch chose a language (it wins over the account's). */
export function hasDeviceChoice(): boolean {
  return isLang(local.get(CHOICE_KEY));
}

/** Switch the interface language; `remember` keeps the choice on this device. */
export async function changeLanguage(lang: Lang, remember: boolean): Promise<void> {
  if (remember) local.set(CHOICE_KEY, lang);
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

export const LangContext = createContext<Lang>('en');

export type TFunction = typeof i18n.t;

/** The translate function, re-rendering the caller when the language changes. */
export function useT(): { t: TFunction; lang: Lang } {
  const lang = useContext(LangContext);
  return { t: i18n.t, lang };
}

/** A category's name in the interface language. */
export function categoryName(lang: Lang, category: { nameEn: string; nameNl: string }): string {
  return lang === 'nl' ? category.nameNl : category.nameEn;
}
