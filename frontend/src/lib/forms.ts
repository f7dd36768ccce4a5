import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError, Channel } from '../graphql/client';
import { type Mutate, useMutation } from '../graphql/hooks';
import { useT } from '../i18n';
import { compact, fieldErrors, type FieldErrors } from './errors';

/** The server's limit for a message on an item (`MESSAGE_MAX` in domain/validation.py). */
export const MESSAGE_MAX = 5000;

export interface SubmitOptions<R> {
  /** The checks made before sending: field → problem (undefined when fine). */
  check?: () => Record<string, string | undefined>;
  /** Sends the form's mutation(s) through `mutate`: the answer, or null when it failed. */
  send: (mutate: Mutate) => Promise<R | null>;
  /** The server took it (clear the draft here: until then it is kept). */
  sent?: (answer: R) => void;
  /** It was refused or could not be sent; every value stays as typed. */
  failed?: () => void;
  channel?: Channel;
}

export interface Submit {
  /** The form's `onSubmit`; resolves to whether the server took it. */
  onSubmit: (event: Event) => Promise<boolean>;
  busy: boolean;
  /** Why the last try failed, for the form's alert. */
  error: ApiError | null;
  /** Field → problem to show next to it: the checks' before sending, else the server's. */
  errors: FieldErrors;
}

/** Puts the cursor in the form's first field that needs attention. */
function focusFirstProblem(form: HTMLElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/**
 * Every form's way of sending: check first (every problem at once, the cursor on the first
 * one), then send; while it is on its way `busy`; a failure's reason in `error`, and the
 * server's word on single fields (VALIDATION) in `errors`, translated.
 */
export function useSubmit<R>({ check, send, sent, failed, channel }: SubmitOptions<R>): Submit {
  const { t } = useT();
  const { mutate, busy, error, reset } = useMutation({ channel });
  const [problems, setProblems] = useState<FieldErrors>({});
  const form = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (error?.code === 'VALIDATION') focusFirstProblem(form.current);
  }, [error]);

  async function onSubmit(event: Event): Promise<boolean> {
    event.preventDefault();
    form.current = event.currentTarget as HTMLElement;
    const found = compact(check?.() ?? {});
    setProblems(found);
    reset();
    if (Object.keys(found).length) {
      focusFirstProblem(form.current);
      return false;
    }
    const answer = await send(mutate);
    if (answer === null) {
      failed?.();
      return false;
    }
    sent?.(answer);
    return true;
  }

  const errors = Object.keys(problems).length ? problems : fieldErrors(t, error);
  return { onSubmit, busy, error, errors };
}
