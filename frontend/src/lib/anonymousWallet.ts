/**
 * This device's anonymous-gripe tokens: received while logged in, spent on the anonymous
 * channel. The blind-signature work itself is in `anonymousTokens.ts` (with the
 * blind-RSA library, loaded only when a batch is made or a token is spent).
 *
 * Receiving (`topUp`, while logged in, on the session channel): at login, and when the
 * app starts, it asks for the current key; if this device has not had this key's batch
 * yet, it blinds one, has it signed and keeps the tokens. Everybody's browser does the
 * same, whether or not they ever write anonymously, so asking says nothing. A key whose
 * batch this device received (or that was already given to this person on another
 * device) is remembered until its tokens expire, so the device never asks twice: asking
 * again after spending them all would say "this person sent anonymous gripes".
 *
 * Spending (`take`, on the anonymous screens, which send nothing on the session
 * channel): one token of the key that expires first; `putBack` when the request never
 * reached the server; `dropKeyOf` when the server no longer accepts the token's key.
 */
import { ApiError, request } from '../graphql/client';
import { graphql } from '../graphql/graphql';
import { local } from './storage';

const TokenKeyQuery = graphql(`
  query AnonymousTokenKey {
    anonymousTokenKey { keyId publicKey batchSize validUntil acceptedUntil }
  }
`);
const IssueTokens = graphql(`
  mutation IssueAnonymousTokens($keyId: String!, $blinded: [String!]!) {
    issueAnonymousTokens(keyId: $keyId, blinded: $blinded) { keyId blindSignatures }
  }
`);

/** key id → until when its tokens are accepted (ISO): the keys this device had. */
const KEYS = 'mopper.anonymousTokenKeys';
/** From when the next batch can come (ISO): the end of the period of the last key seen. */
const NEXT_BATCH = 'mopper.anonymousTokensNext';

type Keys = Record<string, string>;

function allKeys(): Keys {
  try {
    const parsed: unknown = JSON.parse(local.get(KEYS) ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(([, until]) => typeof until === 'string'),
    ) as Keys;
  } catch {
    return {};
  }
}

/** The keys this device had whose tokens are still accepted. */
function readKeys(now = Date.now()): Keys {
  return Object.fromEntries(
    Object.entries(allKeys()).filter(([, until]) => Date.parse(until) > now),
  );
}

function writeKeys(keys: Keys): void {
  if (Object.keys(keys).length) local.set(KEYS, JSON.stringify(keys));
  else local.remove(KEYS);
}

const loadTokens = () => import('./anonymousTokens');

let toppingUp: Promise<void> | null = null;

/** Makes sure this device holds this key period's batch (logged in; at most once at a
 * time). Failures are quiet: the next login or app start tries again. */
export function topUp(): Promise<void> {
  toppingUp ??= receiveBatch()
    .catch(() => undefined)
    .finally(() => {
      toppingUp = null;
    });
  return toppingUp;
}

async function receiveBatch(): Promise<void> {
  // Loaded now, while logged in, whether a batch is due or not: the anonymous screens
  // then use it without fetching anything (a script request would carry the cookie).
  const lib = await loadTokens();
  const { anonymousTokenKey: key } = await request(TokenKeyQuery);
  const keys = readKeys();
  // Keys gone by are forgotten here, with their tokens.
  for (const keyId of Object.keys(allKeys())) {
    if (!(keyId in keys)) lib.forgetTokens(keyId);
  }
  writeKeys(keys);
  if (key.keyId in keys) return;
  const serverKey = await lib.importServerKey(key.publicKey, key.keyId);
  const batch = await lib.blindBatch(serverKey, key.batchSize);
  try {
    const { issueAnonymousTokens: issued } = await request(IssueTokens, {
      keyId: key.keyId,
      blinded: batch.blindedMessages,
    });
    lib.storeTokens(key.keyId, await lib.finalizeBatch(serverKey, batch, issued.blindSignatures));
  } catch (caught) {
    // Given to this person on another device (or before the browser was cleared).
    if (!(caught instanceof ApiError) || caught.code !== 'TOKENS_ALREADY_ISSUED') throw caught;
  }
  local.set(NEXT_BATCH, key.validUntil);
  writeKeys({ ...readKeys(), [key.keyId]: key.acceptedUntil });
}

/** How many tokens this device holds now. */
export async function tokensHeld(): Promise<number> {
  const lib = await loadTokens();
  return Object.keys(readKeys()).reduce((sum, keyId) => sum + lib.tokenCount(keyId), 0);
}

/** When this device can have tokens again, once this period's are used up (or went to
 * another device); null when it has not had any of the current period. */
export function nextBatchFrom(): string | null {
  const from = local.get(NEXT_BATCH);
  return from && Date.parse(from) > Date.now() ? from : null;
}

/** One token to spend, of the key whose tokens expire first; null when none is left. */
export async function take(): Promise<string | null> {
  const keys = Object.entries(readKeys()).sort(([, a], [, b]) => Date.parse(a) - Date.parse(b));
  if (!keys.length) return null;
  const lib = await loadTokens();
  for (const [keyId] of keys) {
    const token = lib.takeToken(keyId);
    if (token) return token;
  }
  return null;
}

/** The request with `token` never reached the server: it is not spent. */
export async function putBack(token: string): Promise<void> {
  (await loadTokens()).putBackToken(token);
}

/** The server no longer accepts `token`'s key: its other tokens go too. */
export async function dropKeyOf(token: string): Promise<void> {
  (await loadTokens()).forgetTokens(token.split('.')[1] ?? '');
}
