// The browser's part of the blind-signature tokens, with the library and the calls the
// web app uses (frontend/src/lib/anonymousTokens.ts), so the Python server can be tested
// against it. One step per run; JSON in on stdin, JSON out on stdout:
//
//   node interop.mjs blind     {spki, count}                      -> {keyId, items: [{prepared, blinded, inv}]}
//   node interop.mjs finalize  {spki, items: [{prepared, blindSig, inv}]} -> {tokens: [...]}
//
// spki is standard base64 (as the server publishes it); the binary values are base64url
// without padding. A failing step (e.g. a blind signature that does not verify) exits 1.
import { RSABSSA } from '@cloudflare/blindrsa-ts';

const suite = RSABSSA.SHA384.PSS.Randomized();
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const unb64url = (text) => new Uint8Array(Buffer.from(text, 'base64url'));

async function importServerKey(spki) {
  const der = new Uint8Array(Buffer.from(spki, 'base64'));
  // Extractable: the library reads n and e back out of the key (as JWK).
  const publicKey = await crypto.subtle.importKey(
    'spki',
    der,
    { name: 'RSA-PSS', hash: 'SHA-384' },
    true,
    ['verify'],
  );
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
  return { publicKey, keyId: Buffer.from(digest.subarray(0, 8)).toString('hex') };
}

async function blind({ spki, count }) {
  const { publicKey, keyId } = await importServerKey(spki);
  const items = [];
  for (let i = 0; i < count; i++) {
    const prepared = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
    const { blindedMsg, inv } = await suite.blind(publicKey, prepared);
    items.push({ prepared: b64url(prepared), blinded: b64url(blindedMsg), inv: b64url(inv) });
  }
  return { keyId, items };
}

async function finalize({ spki, items }) {
  const { publicKey, keyId } = await importServerKey(spki);
  const tokens = [];
  for (const item of items) {
    const prepared = unb64url(item.prepared);
    const sig = await suite.finalize(
      publicKey,
      prepared,
      unb64url(item.blindSig),
      unb64url(item.inv),
    );
    tokens.push(['bt1', keyId, b64url(prepared), b64url(sig)].join('.'));
  }
  return { tokens };
}

const steps = { blind, finalize };
const step = steps[process.argv[2]];
if (!step) {
  console.error('usage: node interop.mjs blind|finalize < input.json');
  process.exit(2);
}
let input = '';
for await (const chunk of process.stdin) input += chunk;
try {
  process.stdout.write(JSON.stringify(await step(JSON.parse(input))));
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
