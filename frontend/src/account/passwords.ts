import type { TFunction } from '../i18n';

/** As the server has it (`domain/auth/password_policy.py`); the common-password list is
 * checked there only. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function checkNewPassword(t: TFunction, value: string): string | undefined {
  if (value.length < PASSWORD_MIN) return t('account.tooShort', { min: PASSWORD_MIN });
  if (value.length > PASSWORD_MAX) return t('fieldErrors.tooLongServer', { max: PASSWORD_MAX });
  return undefined;
}
