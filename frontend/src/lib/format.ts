import type { Lang } from '../i18n';

const dateTimes = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(options);
  let format = dateTimes.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', options);
    dateTimes.set(key, format);
  }
  return format;
}

export function formatDateTime(lang: Lang, iso: string): string {
  return dateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(lang: Lang, iso: string): string {
  return dateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(iso));
}

/** How long ago, shortly: "3 d", "5 h", "12 min". */
export function age(lang: Lang, iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60000));
  const [value, unit] =
    minutes >= 60 * 24
      ? [Math.floor(minutes / (60 * 24)), 'day']
      : minutes >= 60
        ? [Math.floor(minutes / 60), 'hour']
        : [minutes, 'minute'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}
