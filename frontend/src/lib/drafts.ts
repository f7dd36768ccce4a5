import { useCallback, useState } from 'preact/hooks';
import { session } from './storage';

const PREFIX = 'mopper.draft.';

/**
 * A form's values, kept in this tab's session storage as they are typed: a reload, a
 * failed request or an expired session loses nothing. `clear()` after a successful send.
 */
export function useDraft<T extends object>(
  name: string,
  initial: T,
): [T, (patch: Partial<T>) => void, () => void] {
  const key = PREFIX + name;
  const [value, setValue] = useState<T>(() => {
    const saved = session.get(key);
    if (!saved) return initial;
    try {
      return { ...initial, ...(JSON.parse(saved) as Partial<T>) };
    } catch {
      return initial;
    }
  });
  const update = useCallback(
    (patch: Partial<T>) => {
      setValue((current) => {
        const next = { ...current, ...patch };
        session.set(key, JSON.stringify(next));
        return next;
      });
    },
    [key],
  );
  const clear = useCallback(() => {
    session.remove(key);
    setValue(initial);
  }, [key]);
  return [value, update, clear];
}

/** Forget every draft on this tab (on logout: the next person sees none of them). */
export function clearAllDrafts(): void {
  for (const key of session.keys()) if (key.startsWith(PREFIX)) session.remove(key);
}
