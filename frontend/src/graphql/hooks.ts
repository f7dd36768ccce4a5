/**
 * The web app's data layer: every page loads through `useQuery` and changes things
 * through `useMutation` (forms through `useSubmit`, lib/forms.ts, which uses it). Both
 * take the channel (`session`, or `anonymous`: no cookie) as an option.
 *
 * There is no cache: each page asks for what it shows, and a change's answer (the item as
 * it is now) replaces what the page shows through `setData`.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TadaDocumentNode } from 'gql.tada';
import {
  type ApiError,
  type Channel,
  type RequestOptions,
  type VariablesArg,
  asApiError,
  request,
} from './client';

// `request` types its variables per document; inside these generic hooks they are opaque.
const send = request as <R>(
  document: unknown,
  variables: unknown,
  options: RequestOptions,
) => Promise<R>;

export interface QueryOptions<R> {
  channel?: Channel;
  /** False: do not ask (yet); what was loaded is dropped. */
  enabled?: boolean;
  /**
   * Keep showing the last answer while the answer for new variables is on its way (the
   * board, dimmed meanwhile). Otherwise `data` is only ever the answer to the variables
   * the page asks with now.
   */
  keep?: boolean;
  /** Called with each answer the page takes (never with one dropped as stale). */
  onAnswer?: (data: R) => void;
}

export interface Query<R> {
  data: R | null;
  error: ApiError | null;
  /** Asking for the current variables (the first time, or again). */
  loading: boolean;
  /** A further page (`fetchMore`) is on its way. */
  fetchingMore: boolean;
  /** Ask again; the data stays on screen meanwhile. */
  reload: () => Promise<void>;
  /** Put a change's answer in place of (part of) the data. */
  setData: (update: (current: R) => R) => void;
  /** Fetch a further page and merge it into the data; failures land in `error`. */
  fetchMore: <P, W>(
    document: TadaDocumentNode<P, W>,
    variables: W,
    merge: (current: R, page: P) => R,
  ) => Promise<void>;
}

/**
 * Asks when the page appears and whenever the variables change (compared by value).
 *
 * The stale-answer guard: every question gets a ticket, and only the answer to the latest
 * one is taken. An older answer that arrives late (the previous filters of the board, the
 * item the person just left) is dropped, and so is a further page asked for before the
 * variables changed.
 */
export function useQuery<R, V>(
  document: TadaDocumentNode<R, V>,
  ...[variables, options = {}]: VariablesArg<V, [options?: QueryOptions<R>]>
): Query<R> {
  const { channel = 'session', enabled = true, keep = false } = options;
  const key = JSON.stringify(variables ?? {});
  const [answer, setAnswer] = useState<{ key: string; data: R } | null>(null);
  const [failure, setFailure] = useState<{ key: string; error: ApiError } | null>(null);
  const [asking, setAsking] = useState(false);
  const [pages, setPages] = useState(0);
  const ticket = useRef(0);
  const latest = useRef({ document, variables, channel, key, options });
  latest.current = { document, variables, channel, key, options };

  const run = useCallback(async () => {
    const mine = ++ticket.current;
    const asked = latest.current;
    setAsking(true);
    setFailure(null);
    setPages(0);
    try {
      const data = await send<R>(asked.document, asked.variables ?? {}, { channel: asked.channel });
      if (mine !== ticket.current) return; // a newer question was asked meanwhile
      setAnswer({ key: asked.key, data });
      latest.current.options.onAnswer?.(data);
    } catch (caught) {
      if (mine === ticket.current) setFailure({ key: asked.key, error: asApiError(caught) });
    } finally {
      if (mine === ticket.current) setAsking(false);
    }
  }, []);

  useEffect(() => {
    if (enabled) {
      void run();
      return;
    }
    ticket.current++; // whatever is on its way is no longer wanted
    setAsking(false);
    setAnswer(null);
  }, [document, key, channel, enabled, run]);

  const setData = useCallback((update: (current: R) => R) => {
    setAnswer((current) => current && { ...current, data: update(current.data) });
  }, []);

  const fetchMore = useCallback(
    async <P, W>(more: TadaDocumentNode<P, W>, moreVariables: W, merge: (current: R, page: P) => R) => {
      const mine = ticket.current;
      const asked = latest.current;
      setPages((n) => n + 1);
      setFailure(null);
      try {
        const page = await send<P>(more, moreVariables, { channel: asked.channel });
        if (mine !== ticket.current) return; // the variables changed: not our page any more
        setAnswer((current) => current && { ...current, data: merge(current.data, page) });
      } catch (caught) {
        if (mine === ticket.current) setFailure({ key: asked.key, error: asApiError(caught) });
      } finally {
        if (mine === ticket.current) setPages((n) => n - 1);
      }
    },
    [],
  );

  // What belongs to the variables asked with now (or, with `keep`, the last there was).
  const now = <T extends { key: string }>(found: T | null): T | null =>
    enabled && found && (keep || found.key === key) ? found : null;
  const error = now(failure)?.error ?? null;
  return {
    data: now(answer)?.data ?? null,
    error,
    loading: enabled && (asking || (answer?.key !== key && !error)),
    fetchingMore: pages > 0,
    reload: run,
    setData,
    fetchMore,
  };
}

/** Sends a mutation; resolves to its answer, or to null when it failed (`error` says why). */
export type Mutate = <R, V>(
  document: TadaDocumentNode<R, V>,
  ...[variables]: VariablesArg<V>
) => Promise<R | null>;

export interface Mutation {
  mutate: Mutate;
  /** A mutation is on its way. */
  busy: boolean;
  /** Why the last one failed (null once a newer one is sent). */
  error: ApiError | null;
  reset: () => void;
}

/**
 * Changes things: one hook for a part of a page (a form, a panel with several buttons),
 * whatever mutations it sends. Only the latest mutation's failure is reported.
 */
export function useMutation({ channel = 'session' }: { channel?: Channel } = {}): Mutation {
  const [running, setRunning] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(0);

  const mutate = useCallback(
    async <R, V>(document: TadaDocumentNode<R, V>, ...[variables]: VariablesArg<V>) => {
      const mine = ++latest.current;
      setRunning((n) => n + 1);
      setError(null);
      try {
        return await send<R>(document, variables ?? {}, { channel });
      } catch (caught) {
        if (mine === latest.current) setError(asApiError(caught));
        return null;
      } finally {
        setRunning((n) => n - 1);
      }
    },
    [channel],
  );
  const reset = useCallback(() => setError(null), []);
  return { mutate, busy: running > 0, error, reset };
}
