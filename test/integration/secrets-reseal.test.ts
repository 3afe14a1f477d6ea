// A new PINGATE_SECRET_KEY: with the old one in PINGATE_SECRET_KEY_PREVIOUS, `pingate secrets
// reseal` seals every TOTP seed, client secret and signing key again under the new one; a dry
// run changes nothing; a run stopped part-way (--max) continues where it stopped; and then a
// provider process with the new key alone signs a user in with its old token, a client
// authenticates with its old secret, and its ID token verifies.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { loadConfig } from '../../src/config/load.ts';
import { sealingKey } from '../../src/security/derived-keys.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { totpAt, type TotpParameters } from '../../src/security/totp.ts';
import { RELYING_PARTY_SCOPES } from '../../src/usecases/admin/client-metadata.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { enrolTotp } from '../../src/usecases/admin/enrol-totp.ts';
import { registerClient } from '../../src/usecases/admin/register-client.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import type { ResealReport } from '../../src/usecases/secrets/reseal.ts';
import { openAdminOn } from '../support/admin-on-database.ts';
import { testBackend, testDatabaseUri, uniqueName } from '../support/backends.ts';
import { runPingate } from '../support/cli.ts';
import { generateSecrets, startProvider, type ProviderProcess } from '../support/provider-process.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { freePort, type TestClient } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';

const backend = testBackend();
const USERS = 3;

describe(`PINGATE_SECRET_KEY rotation (${backend})`, () => {
  const secrets = generateSecrets();
  const oldKey = secrets.env.PINGATE_SECRET_KEY!;
  const newKey = randomBytes(32).toString('base64');
  let dataDir: string;
  let env: Record<string, string>;
  let provider: ProviderProcess | undefined;
  let client: TestClient;
  const users: { username: string; secret: string; parameters: TotpParameters }[] = [];

  const json = async <T,>(environment: Record<string, string>, ...args: string[]): Promise<T> => {
    const run = await runPingate(environment, ['--json', ...args]);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as T;
  };
  /** Every stored TOTP seed, as sealed. */
  const sealedSeeds = async (environment: Record<string, string>) => {
    const database = await openAdminOn(loadConfig({ env: environment }), { ...secrets.secrets, secretKey: Buffer.from(environment.PINGATE_SECRET_KEY!, 'base64') });
    try {
      return (await database.storage.tokens.listSealed(null, 1000)).map((token) => token.sealedSecret);
    } finally {
      await database.close();
    }
  };

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-reseal-'));
    const port = await freePort();
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'test',
      PORT: String(port),
      PINGATE_ISSUER: `http://127.0.0.1:${port}`,
      PINGATE_DATA_DIR: dataDir,
      ...(backend === 'mongodb' ? { MONGODB_URI: testDatabaseUri(uniqueName('pingate_reseal_')) } : {}),
      ...secrets.env,
    };
    // Under the old key: accounts with tokens, a client with a secret, signing keys in the database.
    const database = await openAdminOn(loadConfig({ env }), secrets.secrets);
    try {
      const clientId = uniqueName('client-');
      const metadata = await registerClient(database.admin, { clientId, name: 'Reseal', redirectUris: ['http://127.0.0.1:9999/callback'], firstParty: true, secret: 'a-client-secret-sealed-under-the-old-key', scopes: RELYING_PARTY_SCOPES });
      client = { clientId, clientSecret: metadata.client_secret, redirectUri: 'http://127.0.0.1:9999/callback' };
      for (let i = 0; i < USERS; i += 1) {
        const username = uniqueName('reseal');
        await createAccount(database.admin, { username, email: `${username}@example.com`, displayName: username, groups: ['staff'] });
        await setPin(database.admin, username, '720435', { waiveChangeOnFirstUse: true });
        const enrolled = await enrolTotp(database.admin, { username });
        users.push({ username, secret: enrolled.secret, parameters: { algorithm: enrolled.token.algorithm, digits: enrolled.token.digits, period: enrolled.token.period } });
      }
    } finally {
      await database.close();
    }
    assert.equal((await runPingate(env, ['keys', 'rotate'])).code, 0);
  });

  after(async () => {
    await provider?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('dry run, a run stopped part-way, the rest; then the new key alone serves everything', async () => {
    const rotated = { ...env, PINGATE_SECRET_KEY: newKey, PINGATE_SECRET_KEY_PREVIOUS: oldKey };
    const before = await sealedSeeds(env);
    const dry = await json<ResealReport>(rotated, 'secrets', 'reseal', '--dry-run');
    assert.deepEqual([dry.dryRun, dry.tokens.resealed, dry.clients.resealed, dry.complete], [true, USERS, 1, true]);
    assert.ok(dry.signingKeys.resealed >= 3, 'the adopted and the new signing keys');
    assert.deepEqual(await sealedSeeds(env), before, 'a dry run changes nothing');

    const part = await json<ResealReport>(rotated, 'secrets', 'reseal', '--max', '2');
    assert.equal(part.complete, false);
    const rest = await json<ResealReport>(rotated, 'secrets', 'reseal');
    assert.equal(rest.complete, true);
    assert.equal(part.tokens.resealed + rest.tokens.resealed, USERS, 'every seed once');
    assert.equal(part.clients.resealed + rest.clients.resealed, 1);
    const again = await json<ResealReport>(rotated, 'secrets', 'reseal', '--dry-run');
    assert.deepEqual([again.tokens.resealed, again.clients.resealed, again.signingKeys.resealed], [0, 0, 0], 'nothing left');
    assert.equal(again.tokens.current, USERS);

    // The seeds open under the new key only.
    const newBox = createSecretBox(sealingKey(Buffer.from(newKey, 'base64')));
    const oldBox = createSecretBox(sealingKey(Buffer.from(oldKey, 'base64')));
    const sealed = await sealedSeeds({ ...env, PINGATE_SECRET_KEY: newKey });
    assert.equal(sealed.length, USERS);
    assert.ok(sealed.every((value) => newBox.isCurrent(value) && !before.includes(value)));
    assert.ok(sealed.every((value) => !oldBox.isCurrent(value)));

    // A provider with the new key alone: old tokens, the old client secret and the signing keys work.
    provider = await startProvider({ ...env, PINGATE_SECRET_KEY: newKey });
    const user = users[0]!;
    const auth = await beginAuthorization(provider.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), '720435', await totpAt(user.secret, user.parameters, new Date()));
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `signed in with a seed sealed under the old key: ${done.status}`);
    if (!done.leftTo) return;
    const tokens = await redeem(auth, done.leftTo);
    assert.ok(tokens.id_token, 'the client authenticated with its old secret');
    const jwks = createLocalJWKSet((await (await fetch(`${provider.issuer}/jwks`)).json()) as JSONWebKeySet);
    assert.ok((await jwtVerify(tokens.id_token, jwks, { issuer: provider.issuer, audience: client.clientId })).payload.sub, 'signed with a key sealed under the old key');
  });
});
