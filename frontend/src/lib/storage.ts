/**
 * Browser storage that never throws (private modes and full disks do): a failed write
 * just means a draft or a choice is not kept.
 */
function wrap(pick: () => Storage) {
  return {
    get(key: string): string | null {
      try {
        return pick().getItem(key);
      } catch {
        return null;
      }
    },
    set(key: string, value: string): void {
      try {
        pick().setItem(key, value);
      } catch {
        /* not kept: nothing else to do */
      }
    },
    remove(key: string): void {
      try {
        pick().removeItem(key);
      } catch {
        /* nothing to remove */
      }
    },
    keys(): string[] {
      try {
        const store = pick();
        return Array.from({ length: store.length }, (_, i) => store.key(i) ?? '');
      } catch {
        return [];
      }
    },
  };
}

/** Kept on this device until removed: the language choice, remembered receipt codes. */
export const local = wrap(() => window.localStorage);
/** Kept for this tab, across reloads: drafts. Closing the tab leaves nothing behind. */
export const session = wrap(() => window.sessionStorage);
