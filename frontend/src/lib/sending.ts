import { useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../graphql/client';
import type { TFunction } from '../i18n';
import { checkText, fieldErrors } from './errors';

/** The server's limit for a message on an item (`MESSAGE_MAX` in server/validation.py). */
export const MESSAGE_MAX = 5000;

/**
 * Sending a message typed into one text box: checked here first, then `post`; while it
 * is on its way `busy`, and on an error the reason, with the server's word on the text
 * as `problem`. The caller clears its draft inside `post`, so an error keeps the text.
 */
export function useMessageSending(t: TFunction) {
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(body: string, post: () => Promise<void>): Promise<boolean> {
    const issue = checkText(t, body, { max: MESSAGE_MAX });
    setProblem(issue);
    if (issue) return false;
    setBusy(true);
    setError(null);
    try {
      await post();
      return true;
    } catch (caught) {
      const apiError = asApiError(caught);
      setError(apiError);
      setProblem(fieldErrors(t, apiError)['body']);
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { problem, error, busy, send };
}
