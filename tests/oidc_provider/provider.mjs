// A real OpenID provider (npm `oidc-provider`, certified) for Mopper's single sign-on
// tests, on 127.0.0.1 over plain http. Started by tests/support/oidc.py; see README.md.
//
//   node provider.mjs --port 0 --config config.json
//   OIDC_PROVIDER_PORT=0 OIDC_PROVIDER_CONFIG=config.json node provider.mjs
//
// Port 0 lets the system choose a free port. Once it answers, one line goes to stdout:
//   OIDC_PROVIDER_READY {"issuer":"http://127.0.0.1:<port>","port":<port>}
// It stops on SIGTERM/SIGINT and when its stdin closes (its parent died).

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';
const READY = 'OIDC_PROVIDER_READY';

// Which claims each scope releases; `groups` is our custom scope and claim.
const CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: [
    'name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username',
    'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at',
  ],
  groups: ['groups'],
};
const GRANTABLE_SCOPES = ['openid', 'offline_access', ...Object.keys(CLAIMS).filter((s) => s !== 'openid')];

function options() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, config: { type: 'string' } },
  });
  const port = Number(values.port ?? process.env.OIDC_PROVIDER_PORT ?? 0);
  const configPath = values.config ?? process.env.OIDC_PROVIDER_CONFIG;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port: ${port}`);
  if (!configPath) throw new Error('give the configuration JSON with --config or OIDC_PROVIDER_CONFIG');
  return { port, config: JSON.parse(readFileSync(configPath, 'utf8')) };
}

function signingKeys(config) {
  if (config.jwks) return config.jwks; // private JWKs, e.g. made by the test so it can forge tokens
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' }] };
}

function providerConfiguration(config) {
  const accounts = new Map(config.accounts.map((account) => [account.sub, account]));
  const skipConsent = new Set(
    config.clients.filter((client) => client.skip_consent).map((client) => client.client_id),
  );
  // `skip_consent` is ours, not client metadata: oidc-provider would refuse it.
  const clients = config.clients.map(({ skip_consent: _ignored, ...client }) => ({
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  }));

  return {
    clients,
    claims: CLAIMS,
    // false: the ID token also carries the claims its scopes grant (email, name, groups…),
    // as Entra ID, Keycloak or Google do; true: only the userinfo endpoint has them.
    conformIdTokenClaims: !(config.claims_in_id_token ?? true),
    jwks: signingKeys(config),
    cookies: { keys: [randomBytes(32).toString('hex')] },
    responseTypes: ['code'],
    pkce: { required: () => true }, // S256 only, which is all oidc-provider 9 offers
    features: {
      devInteractions: { enabled: true }, // the login form: `login` takes an account's sub
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    ttl: {
      IdToken: config.id_token_ttl ?? 600,
      AccessToken: config.access_token_ttl ?? 600,
      AuthorizationCode: config.authorization_code_ttl ?? 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 3600,
    },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, async claims() { return { ...account, sub }; } };
    },
    async loadExistingGrant(ctx) {
      const { client, session } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (!skipConsent.has(client.clientId)) return undefined;
      // A first-party client: consent as if the user had pressed "Continue".
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(GRANTABLE_SCOPES.join(' '));
      await grant.save();
      return grant;
    },
  };
}

function logErrors(provider) {
  const events = [
    'server_error', 'authorization.error', 'grant.error', 'userinfo.error', 'end_session.error',
  ];
  for (const event of events) {
    provider.on(event, (_ctx, error) => {
      console.error(`${event}: ${error.name}: ${error.message} ${error.error_description ?? ''}`);
    });
  }
}

const { port, config } = options();
const server = createServer();
server.listen(port, HOST, () => {
  const actualPort = server.address().port;
  const issuer = `http://${HOST}:${actualPort}`;
  const provider = new Provider(issuer, providerConfiguration(config));
  logErrors(provider);
  server.on('request', provider.callback());
  console.log(`${READY} ${JSON.stringify({ issuer, port: actualPort })}`);
});

function stop() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
