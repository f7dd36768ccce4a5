import type { TFunction } from '../i18n';
import type { Status } from './queries';

/** What a move is called on a button: "Ask for information" for a question, else the
 * status it goes to. */
export function moveLabel(t: TFunction, to: Status): string {
  return to === 'WAITING_FOR_INFO' ? t('board.askForInfo') : t('board.moveTo', { status: t(`status.${to}`) });
}
