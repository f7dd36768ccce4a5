/**
 * Passing a receipt code from one page to the next in memory: the code never goes into
 * the URL (it would end up in the history and in server logs).
 */
let pending: string | null = null;

export function setPendingReceipt(code: string): void {
  pending = code;
}

export function takePendingReceipt(): string | null {
  const code = pending;
  pending = null;
  return code;
}
