/**
 * Tokens that prove "sent by one of our employees" without saying who: the browser's part
 * of RSA blind signatures (RFC 9474, RSABSSA-SHA384-PSS-Randomized). The server's part,
 * and the token's wire format, are in domain/anonymity/blind.py.
 *
 * 1. `importServerKey` the server's public key (SPKI, base64); the key id is computed here.
 * 2. `blindBatch`: TOKENS_PER_BATCH random messages, prepared and blinded. Send
 *    `blindedMessages` (while logged in); keep the batch in memory until the answer.
 * 3. `finalizeBatch` the server's blind signatures into tokens; `storeTokens` them.
 * 4. For an anonymous action, `takeToken`; if the request fails before the server
 *    answered, `putBackToken`; once the server answered, the token is spent either way.
 *
 * Load this module lazily (`await import('../lib/anonymousTokens')`): it carries the
 * blind-RSA library, which only the anonymous gripe needs. It makes no network calls.
 */
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { local } from './storage';

/** Every employee asks for the same number, so a batch says nothing about who asked
 * (TOKENS_PER_BATCH in domain/anonymity/blind.py). */
export const TOKENS_PER_BATCH = 10;

const WIRE_VERSION = 'bt1';
const MESSAGE_BYTES = 32; // + the 32-byte random prefix the Randomized variant adds
const MIN_KEY_BITS = 2048;
const MAX_KEY_BITS = 4096;
const STORE_KEY = 'mopper.anonymousTokens';
const TOKEN_SHAPE = /^bt1\.([0-9a-f]{16})\.[A-Za-z0-9_-]{86}\.[A-Za-z0-9_-]{342,683}$/;

const suite = RSABSSA.SHA384.PSS.Randomized();

export interface ServerKey {
  /** First 16 hex characters of SHA-256 of the SPKI, as the server computes it. */
  keyId: string;
  publicKey: CryptoKey;
}

/** One batch's blinding state. Only `blindedMessages` leaves the device; the rest is
 * secret (it links a token to this request) and lives in memory until finalized. */
export interface BlindedBatch {
  keyId: string;
  /** base64url, no padding: what the server blind-signs, in this order. */
  blindedMessages: string[];
  pending: { prepared: Uint8Array; inv: Uint8Array }[];
}

/** Imports the server's public key. Pass the key id the server stated to have it checked
 * against the key itself. */
export async function importServerKey(
  spkiBase64: string,
  expectedKeyId?: string,
): Promise<ServerKey> {
  const der = fromBase64(spkiBase64);
  // Extractable: the library reads n and e back out of the key.
  const publicKey = await crypto.subtle.importKey(
    'spki',
    der,
    { name: 'RSA-PSS', hash: 'SHA-384' },
    true,
    ['verify'],
  );
  const { modulusLength } = publicKey.algorithm as RsaHashedKeyAlgorithm;
  if (modulusLength < MIN_KEY_BITS || modulusLength > MAX_KEY_BITS) {
    throw new Error(`unexpected key size: ${modulusLength} bits`);
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
  const keyId = toHex(digest.subarray(0, 8));
  if (expectedKeyId !== undefined && expectedKeyId !== keyId) {
    throw new Error('the key id does not match the key');
  }
  return { keyId, publicKey };
}

/** Prepares and blinds `count` random token messages. */
export async function blindBatch(key: ServerKey, count = TOKENS_PER_BATCH): Promise<BlindedBatch> {
  const blindedMessages: string[] = [];
  const pending: BlindedBatch['pending'] = [];
  for (let i = 0; i < count; i++) {
    const prepared = suite.prepare(crypto.getRandomValues(new Uint8Array(MESSAGE_BYTES)));
    const { blindedMsg, inv } = await suite.blind(key.publicKey, prepared);
    blindedMessages.push(toBase64url(blindedMsg));
    pending.push({ prepared, inv });
  }
  return { keyId: key.keyId, blindedMessages, pending };
}

/** Unblinds the server's answers (base64url, in the batch's order) into tokens. Each is
 * verified against the key the batch was blinded for, so a server that signed with
 * another key (one that would single this person out) is refused here. */
export async function finalizeBatch(
  key: ServerKey,
  batch: BlindedBatch,
  blindSignatures: string[],
): Promise<string[]> {
  if (key.keyId !== batch.keyId) throw new Error('the batch was blinded for another key');
  if (blindSignatures.length !== batch.pending.length) {
    throw new Error('the server answered a different number of messages');
  }
  const tokens: string[] = [];
  for (const [i, { prepared, inv }] of batch.pending.entries()) {
    const blindSignature = fromBase64url(blindSignatures[i] ?? '');
    const signature = await suite.finalize(key.publicKey, prepared, blindSignature, inv);
    tokens.push(formatToken(key.keyId, prepared, signature));
  }
  return tokens;
}

/** `bt1.<key id>.<prepared message>.<signature>`, binary parts base64url without padding. */
export function formatToken(keyId: string, prepared: Uint8Array, signature: Uint8Array): string {
  return [WIRE_VERSION, keyId, toBase64url(prepared), toBase64url(signature)].join('.');
}

// --- kept on this device, per key id ---------------------------------------------------

type Store = Record<string, string[]>;

function readStore(): Store {
  const store: Store = {};
  try {
    const parsed: unknown = JSON.parse(local.get(STORE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return store;
    for (const [keyId, tokens] of Object.entries(parsed)) {
      if (!Array.isArray(tokens)) continue;
      const valid = tokens.filter(
        (t): t is string => typeof t === 'string' && TOKEN_SHAPE.exec(t)?.[1] === keyId,
      );
      if (valid.length) store[keyId] = valid;
    }
  } catch {
    /* unreadable: as if empty */
  }
  return store;
}

function writeStore(store: Store): void {
  const kept = Object.fromEntries(Object.entries(store).filter(([, tokens]) => tokens.length));
  if (Object.keys(kept).length) local.set(STORE_KEY, JSON.stringify(kept));
  else local.remove(STORE_KEY);
}

export function storeTokens(keyId: string, tokens: string[]): void {
  const store = readStore();
  const fresh = tokens.filter((t) => TOKEN_SHAPE.exec(t)?.[1] === keyId);
  store[keyId] = [...(store[keyId] ?? []), ...fresh];
  writeStore(store);
}

export function tokenCount(keyId: string): number {
  return readStore()[keyId]?.length ?? 0;
}

/** Takes one token out of the store (it is gone from the device from now on). */
export function takeToken(keyId: string): string | null {
  const store = readStore();
  const token = store[keyId]?.shift() ?? null;
  if (token !== null) writeStore(store);
  return token;
}

/** Puts back a token whose request never reached the server (a network error before any
 * answer). Never after an answer: the server may have recorded it as spent. */
export function putBackToken(token: string): void {
  const keyId = TOKEN_SHAPE.exec(token)?.[1];
  if (!keyId) return;
  const store = readStore();
  const tokens = store[keyId] ?? [];
  if (!tokens.includes(token)) store[keyId] = [token, ...tokens];
  writeStore(store);
}

/** Drops the tokens of a key the server no longer accepts. */
export function forgetTokens(keyId: string): void {
  const store = readStore();
  delete store[keyId];
  writeStore(store);
}

// --- encodings ---------------------------------------------------------------------------

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
}
