import { local } from './storage';

/**
 * Receipt codes the anonymous submitter chose to remember on this device. Only with their
 * explicit opt-in, and only the code and the item's reference (no title, no text).
 */
export interface RememberedReceipt {
  reference: string;
  code: string;
}

const KEY = 'mopper.receipts';

export function rememberedReceipts(): RememberedReceipt[] {
  try {
    const parsed: unknown = JSON.parse(local.get(KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter(
          (r): r is RememberedReceipt =>
            typeof r?.reference === 'string' && typeof r?.code === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

export function rememberReceipt(receipt: RememberedReceipt): void {
  const others = rememberedReceipts().filter((r) => r.reference !== receipt.reference);
  local.set(KEY, JSON.stringify([receipt, ...others]));
}

export function forgetReceipt(reference: string): void {
  const kept = rememberedReceipts().filter((r) => r.reference !== reference);
  if (kept.length) local.set(KEY, JSON.stringify(kept));
  else local.remove(KEY);
}
