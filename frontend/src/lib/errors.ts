import type { ApiError } from '../graphql/client';
import type { TFunction } from '../i18n';
import { en } from '../i18n/en';

type Explained = keyof typeof en.errors;

/** A person-readable sentence for any API error, in the interface language. Codes
 * without a sentence of their own (requests this app never makes, such as
 * TOO_MANY_ALIASES, or a code newer than the app) read as INTERNAL. */
export function errorMessage(t: TFunction, error: ApiError): string {
  if (error.code === 'RATE_LIMITED') {
    const minutes = Math.ceil((error.retryAfter ?? 0) / 60);
    return minutes > 1 ? t('errors.RATE_LIMITED', { minutes }) : t('errors.RATE_LIMITED_SOON');
  }
  const explained = error.code in en.errors ? (error.code as Explained) : 'INTERNAL';
  return t(`errors.${explained}`);
}

/**
 * The server's field messages are English sentences from a small, fixed set
 * (`domain/validation.py`); known ones are shown in the interface language, anything
 * else as the server wrote it.
 */
export function fieldMessage(t: TFunction, message: string): string {
  const tooLong = /^At most (\d+) characters\.$/.exec(message);
  if (tooLong) return t('fieldErrors.tooLongServer', { max: Number(tooLong[1]) });
  switch (message) {
    case 'Required.':
      return t('fieldErrors.required');
    case 'Must be a single line without control characters.':
      return t('fieldErrors.singleLine');
    case 'Contains control characters.':
      return t('fieldErrors.controlChars');
    case 'Must not contain invisible characters that change the direction of the text.':
      return t('fieldErrors.textDirection');
    case 'Not a valid email address.':
      return t('fieldErrors.email');
    case 'Choose one of the categories.':
      return t('fieldErrors.category');
    case 'At least 12 characters.':
      return t('account.tooShort', { min: 12 });
    case 'This password is too common. Choose another one.':
      return t('account.tooCommon');
    case 'This is not your current password.':
      return t('account.notCurrent');
    case 'The customer must agree to be contacted.':
      return t('fieldErrors.consent');
    default:
      return message;
  }
}

export type FieldErrors = Partial<Record<string, string>>;

/** The field errors of a VALIDATION error, translated. */
export function fieldErrors(t: TFunction, error: ApiError | null): FieldErrors {
  if (!error || error.code !== 'VALIDATION') return {};
  return Object.fromEntries(
    Object.entries(error.fields).map(([field, message]) => [field, fieldMessage(t, message)]),
  );
}

/** Checks made before sending, mirroring the server's rules, so most mistakes show at once. */
export function checkText(
  t: TFunction,
  value: string,
  { max, required = true }: { max: number; required?: boolean },
): string | undefined {
  const trimmed = value.trim();
  if (required && !trimmed) return t('fieldErrors.required');
  if (trimmed.length > max) return t('fieldErrors.tooLong', { max, length: trimmed.length });
  return undefined;
}

export function checkEmail(t: TFunction, value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return t('fieldErrors.required');
  // The server decides for real; this only catches the obvious slips.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return t('fieldErrors.email');
  return undefined;
}

/** Drop the fields without a problem. */
export function compact(errors: Record<string, string | undefined>): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v !== undefined));
}
