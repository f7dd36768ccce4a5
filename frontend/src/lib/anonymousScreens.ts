/**
 * The anonymous screens: the anonymous gripe form, the receipt page and anonymous "me too". While one is
 * shown, the app sends nothing on the session channel — not the `me` bootstrap, not a
 * token top-up, not a language choice — and everything it sends goes to the anonymous
 * channel without cookies. They are reachable without logging in.
 */
export const ANONYMOUS_GRIPE_PATH = '/gripe/anonymous';
export const RECEIPT_PATH = '/receipt';
/** "Me too" without a name, and following one with its receipt code. */
export const ME_TOO_ANONYMOUS_PATH = '/me-too/anonymous';

export function isAnonymousScreen(path: string): boolean {
  return path === ANONYMOUS_GRIPE_PATH || path === RECEIPT_PATH || path === ME_TOO_ANONYMOUS_PATH;
}
