import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TadaDocumentNode } from 'gql.tada';
import { type ApiError, asApiError, request } from './client';

export interface QueryState<R> {
  data: R | null;
  error: ApiError | null;
  loading: boolean;
  /** Fetch again; the current data stays on screen meanwhile. */
  reload: () => Promise<void>;
}

/**
 * Runs a query when the component appears and whenever `key` changes (a string made of
 * the variables that matter). Answers to an older key are dropped.
 */
export function useQuery<R, V>(
  document: TadaDocumentNode<R, V>,
  variables: V,
  key: string,
  enabled = true,
): QueryState<R> {
  const [data, setData] = useState<R | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(enabled);
  const latest = useRef(0);
  const vars = useRef(variables);
  vars.current = variables;

  const run = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      // `request` types its variables argument per document; here they arrive generically.
      const result = await (request as (d: unknown, v: unknown) => Promise<R>)(
        document,
        vars.current,
      );
      if (ticket !== latest.current) return;
      setData(result);
      setError(null);
    } catch (caught) {
      if (ticket !== latest.current) return;
      setError(asApiError(caught));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [document]);

  useEffect(() => {
    if (enabled) void run();
  }, [key, enabled, run]);

  return { data, error, loading, reload: run };
}
