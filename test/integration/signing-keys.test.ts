// `pingate keys` on a provider process (`npm start`'s command) and its database: a rotation
// adopts the environment's key, a new key signs from the restart on, and the old one stays in the
// JWKS, so an ID token signed before the rotation still verifies against the published keys;
// the signing key cannot be retired, a recent one only with --force, and once retired (and the
// process restarted) it is gone from the JWKS. The next rotation uses the key published ahead.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { loadConfig } from '../../src/config/load.ts';
import { totpAt, type TotpParameters } from '../../src/security/totp.ts';
import { RELYING_PARTY_SCOPES } from '../../src/usecases/admin/client-metadata.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { enrolTotp } from '../../src/usecases/admin/enrol-totp.ts';
import { registerClient } from '../../src/usecases/admin/register-client.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import { openAdminOn, type AdminOnDatabase } from '../support/admin-on-database.ts';
import { testBackend, testDatabaseUri, uniqueName } from '../support/backends.ts';
import { runPingate } from '../support/cli.ts';
import { generateSecrets, startProvider, type ProviderProcess } from '../support/provider-process.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { freePort, type TestClient } from '../support/server.ts';
import { alertText, submitPasscode, submitUsername } from '../support/signin.ts';

const backend = testBackend();

describe(`signing key rotation (${backend})`, () => {
  const secrets = generateSecrets();
  // The environment's keys: ES256 (the default ID-token algorithm) and RS256.
  const [environmentKid, environmentRsaKid] = secrets.secrets.jwks.keys.map((key) => key.kid!) as [string, string];
  let env: Record<string, string>;
  let dataDir: string;
  let provider: ProviderProcess | undefined;
  let database: AdminOnDatabase;
  let client: TestClient;
  let issuer: string;

  const restart = async () => {
    await provider?.stop();
    provider = await startProvider(env);
  };
  const pingate = async (...args: string[]) => runPingate(env, args);
  const json = async <T,>(...args: string[]): Promise<T> => {
    const run = await pingate('--json', ...args);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as T;
  };
  const published = async (): Promise<JSONWebKeySet> => (await (await fetch(`${issuer}/jwks`)).json()) as JSONWebKeySet;
  const kidsOf = (jwks: JSONWebKeySet) => jwks.keys.map((key) => key.kid);
  /** An ID token from a sign-in of a new account (a TOTP code is accepted once per account). */
  const idToken = async (): Promise<string> => {
    const username = uniqueName('keys');
    await createAccount(database.admin, { username, email: `${username}@example.com`, displayName: username, groups: ['staff'] });
    await setPin(database.admin, username, '720435', { waiveChangeOnFirstUse: true });
    const enrolled = await enrolTotp(database.admin, { username });
    const parameters: TotpParameters = { algorithm: enrolled.token.algorithm, digits: enrolled.token.digits, period: enrolled.token.period };
    const auth = await beginAuthorization(issuer, client);
    const page = await submitUsername(auth.agent, auth.page, username);
    const done = await submitPasscode(auth.agent, page, '720435', await totpAt(enrolled.secret, parameters, new Date()));
    assert.ok(done.leftTo, `signed in: ${done.status} ${alertText(done)}`);
    return (await redeem(auth, done.leftTo)).id_token!;
  };
  const verifies = (token: string, jwks: JSONWebKeySet) => jwtVerify(token, createLocalJWKSet(jwks), { issuer, audience: client.clientId }).then(() => true, (error: Error) => error.name);

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-keys-'));
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'test',
      PORT: String(port),
      PINGATE_ISSUER: issuer,
      PINGATE_DATA_DIR: dataDir,
      ...(backend === 'mongodb' ? { MONGODB_URI: testDatabaseUri(uniqueName('pingate_keys_')) } : {}),
      ...secrets.env,
      ...(process.env.PINGATE_TEST_VERBOSE ? { PINGATE_LOGGING_LEVEL: 'info' } : {}),
    };
    await restart();
    database = await openAdminOn(loadConfig({ env }), secrets.secrets);
    const clientId = uniqueName('client-');
    const metadata = await registerClient(database.admin, { clientId, name: 'Keys', redirectUris: ['http://127.0.0.1:9999/callback'], firstParty: true, secret: 'a-client-secret-for-the-keys-test', scopes: RELYING_PARTY_SCOPES });
    client = { clientId, clientSecret: metadata.client_secret, redirectUri: 'http://127.0.0.1:9999/callback' };
  });

  after(async () => {
    await database?.close();
    await provider?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('rotate, restart: the new key signs, the old token still verifies; retire: it is gone', async () => {
    const listed = await json<{ kid: string; state: string; source: string }[]>('keys', 'list');
    assert.deepEqual(listed.map((key) => [key.kid, key.state, key.source]), [[environmentKid, 'signing', 'environment'], [environmentRsaKid, 'signing', 'environment']]);
    const before = await idToken();
    assert.equal(decodeProtectedHeader(before).kid, environmentKid);

    const first = await json<{ promoted: string; demoted: string; staged: string; wasStaged: boolean }>('keys', 'rotate');
    assert.equal(first.demoted, environmentKid);
    assert.equal(first.wasStaged, false);
    assert.match(first.promoted, /^es256-[A-Za-z0-9_-]{43}$/, 'kid: the algorithm, then the RFC 7638 thumbprint');
    // Until the processes restart they sign with what they loaded.
    assert.equal(decodeProtectedHeader(await idToken()).kid, environmentKid);

    await restart();
    const jwks = await published();
    assert.deepEqual(new Set(kidsOf(jwks)), new Set([first.promoted, environmentKid, first.staged, environmentRsaKid]));
    assert.deepEqual(jwks.keys.filter((key) => key.alg === 'ES256').map((key) => key.kid)[0], first.promoted, 'the signing key first');
    assert.equal(jwks.keys.find((key) => key.kid === first.promoted)!.crv, 'P-256');
    assert.ok(jwks.keys.every((key) => !('d' in key)), 'no private part is published');
    const after = await idToken();
    assert.equal(decodeProtectedHeader(after).kid, first.promoted);
    assert.equal(await verifies(before, jwks), true, 'a token signed before the rotation verifies');
    assert.equal(await verifies(after, jwks), true);

    // The signing key cannot go; the previous one, still covering live tokens, only by force.
    const refused = await pingate('keys', 'retire', first.promoted);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /rotate first/);
    const recent = await pingate('keys', 'retire', environmentKid);
    assert.notEqual(recent.code, 0);
    assert.match(recent.stderr, /valid until .*--force/);
    assert.equal((await pingate('keys', 'retire', environmentKid, '--force')).code, 0);

    // The next rotation promotes the key published ahead: relying parties already have it.
    const second = await json<{ promoted: string; demoted: string; staged: string; wasStaged: boolean }>('keys', 'rotate');
    assert.deepEqual([second.promoted, second.demoted, second.wasStaged], [first.staged, first.promoted, true]);

    await restart();
    const later = await published();
    assert.deepEqual(new Set(kidsOf(later)), new Set([first.staged, first.promoted, second.staged, environmentRsaKid]));
    assert.equal(await verifies(before, later), 'JWKSNoMatchingKey', 'a retired key verifies nothing');
    assert.equal(await verifies(after, later), true);
    assert.equal(decodeProtectedHeader(await idToken()).kid, first.staged);

    // RS256 rotates on its own: a new RSA key of 3072 bits signs the tokens of clients that ask for RS256.
    const rsa = await json<{ promoted: string; demoted: string }>('keys', 'rotate', '--alg', 'RS256');
    assert.equal(rsa.demoted, environmentRsaKid);
    await restart();
    const withRsa = await published();
    const rsaKey = withRsa.keys.find((key) => key.kid === rsa.promoted)!;
    assert.equal(Buffer.from(rsaKey.n!, 'base64url').length * 8, 3072, 'new RSA keys have 3072 bits');
    assert.ok(kidsOf(withRsa).includes(environmentRsaKid));
    assert.equal(decodeProtectedHeader(await idToken()).kid, first.staged, 'ES256 unchanged');

    const audit = await database.storage.audit.query({ limit: 50 });
    const keyEvents = audit.filter((record) => record.event.startsWith('keys.')).map((record) => [record.event, record.actor.type]);
    assert.deepEqual(keyEvents.sort(), [['keys.retired', 'operator'], ['keys.rotated', 'operator'], ['keys.rotated', 'operator'], ['keys.rotated', 'operator']]);
    // The stored private keys are sealed: the database holds no "d" in clear.
    const stored = await database.storage.signingKeys.load();
    assert.ok(stored.every((key) => !key.sealedJwk.includes('"d"')));
  });
});
