// Moving between backends with the real `pingate db` commands: a user signs in on the embedded
// SQLite file; `db export` -> `db import` into MongoDB -> `db export` -> `db import` into a new
// SQLite file; the same user then signs in on the last one with the same PIN and token, the
// refresh token issued on the first still works, and the code used on the first is still
// refused (the replay guard moved too). `db backup` copies a file a server has open; the file,
// its WAL and the copy are readable by their owner only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config/load.ts';
import { totpAt, type TotpParameters } from '../../src/security/totp.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/index.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { systemClock } from '../../src/usecases/ports.ts';
import { availableBackends, testDatabaseUri, uniqueName } from '../support/backends.ts';
import { SettableClock } from '../support/clock.ts';
import { generateSecrets } from '../support/provider-process.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { freePort, type TestClient } from '../support/server.ts';
import { alertText, submitPasscode, submitUsername } from '../support/signin.ts';

const secrets = generateSecrets();

async function pingate(args: readonly string[], env: NodeJS.ProcessEnv, input = ''): Promise<string> {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) => new Writable({ write: (chunk: Buffer, _e, done) => (append(chunk.toString()), done()) });
  const code = await main(args, { stdout: sink((t) => (out += t)), stderr: sink((t) => (err += t)), stdin: Readable.from([input]), env });
  assert.equal(code, 0, `pingate ${args.join(' ')}: ${err}`);
  return out;
}

describe('moving the data SQLite -> MongoDB -> SQLite with pingate db export / import', { skip: !availableBackends().includes('mongodb') && 'needs MongoDB (npm test starts FerretDB)' }, () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'pingate-transfer-'));
  const clock = new SettableClock();
  const envFor = (name: string, extra: Record<string, string> = {}) => ({ NODE_ENV: 'test', PINGATE_DATA_DIR: path.join(folder, name), ...secrets.env, ...extra });
  const first = envFor('first');
  const middle = envFor('middle', { MONGODB_URI: testDatabaseUri(uniqueName('pingate_transfer_')) });
  const last = envFor('last');
  let port: number;
  let server: RunningServer | undefined;
  let client: TestClient;
  let username: string;
  let totp: { secret: string; parameters: TotpParameters };

  const start = async (env: NodeJS.ProcessEnv) => {
    const issuer = `http://localhost:${port}`;
    const config = loadConfig({ env, overrides: { issuer, server: { host: '127.0.0.1', port } } });
    server = await startServer({ config, env, clock, durable: false });
    return issuer;
  };
  const signIn = async (issuer: string, code: string) => {
    const auth = await beginAuthorization(issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, username), '583196', code);
    return { auth, done };
  };

  before(async () => {
    port = await freePort();
    username = uniqueName('mover');
    await pingate(['account', 'add', username, '--email', `${username}@example.com`], first);
    await pingate(['pin', 'set', username, '--waive-change-on-first-use'], first, '583196\n');
    const enrolled = JSON.parse(await pingate(['--json', 'token', 'add-totp', username], first)) as { secret: string; algorithm: 'SHA1'; digits: 6; period: number };
    totp = { secret: enrolled.secret, parameters: { algorithm: enrolled.algorithm, digits: enrolled.digits, period: enrolled.period } };
    const clientId = uniqueName('mover-app-');
    const added = JSON.parse(await pingate(['--json', 'client', 'add', clientId, '--first-party', '--scope', 'openid,profile,email,groups,offline_access', '--redirect-uri', 'http://127.0.0.1:9999/callback'], first)) as { client_secret: string };
    client = { clientId, clientSecret: added.client_secret, redirectUri: 'http://127.0.0.1:9999/callback' };
  });
  after(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the same user signs in after the round trip; tokens, lockout state and the replay guard moved too', async () => {
    const issuer = await start(first);
    const usedCode = await totpAt(totp.secret, totp.parameters, clock.now());
    const before = await signIn(issuer, usedCode);
    assert.ok(before.done.leftTo, `first sign-in: ${before.done.status} ${alertText(before.done)}`);
    const tokens = await redeem(before.auth, before.done.leftTo!);
    await server!.close();
    server = undefined;

    const exportOne = path.join(folder, 'one.jsonl');
    const exportTwo = path.join(folder, 'two.jsonl');
    assert.match(await pingate(['db', 'export', exportOne], first), /^exported 1 accounts, 1 tokens, .*\d+ oidc/);
    assert.match(await pingate(['db', 'import', exportOne], middle), /^imported 1 accounts, 1 tokens/);
    await pingate(['db', 'export', exportTwo], middle);
    const counts = JSON.parse(await pingate(['--json', 'db', 'import', exportTwo], last)) as Record<string, number>;
    assert.equal(counts.accounts, 1);
    assert.ok(counts.audit_events! >= 4 && counts.oidc! >= 4, JSON.stringify(counts));

    const again = await start(last);
    const replayed = await signIn(again, usedCode);
    assert.equal(replayed.done.status, 401, 'the code used before the move is still used up');
    clock.advanceSeconds(totp.parameters.period);
    const after = await signIn(again, await totpAt(totp.secret, totp.parameters, clock.now()));
    assert.ok(after.done.leftTo, `after the move: ${after.done.status} ${alertText(after.done)}`);
    assert.equal((await redeem(after.auth, after.done.leftTo!)).claims()!.sub, tokens.claims()!.sub, 'the same account');
    const refreshed = await oidc.refreshTokenGrant(after.auth.config, tokens.refresh_token!);
    assert.ok(refreshed.access_token, 'a refresh token issued before the move still works');
  });

  test('db backup copies the file while a server has it open', async () => {
    if (!server) await start(last);
    const copy = path.join(folder, 'backup.db');
    assert.match(await pingate(['db', 'backup', copy], last), /backed up/);
    // PIN hashes and live token ids: the database, its WAL and the copy are the owner's alone.
    for (const file of [copy, path.join(last.PINGATE_DATA_DIR, 'pingate.db'), path.join(last.PINGATE_DATA_DIR, 'pingate.db-wal')]) {
      assert.equal(statSync(file).mode & 0o777, 0o600, file);
    }
    assert.equal(statSync(last.PINGATE_DATA_DIR).mode & 0o777, 0o700);
    const opened = openSqliteStorage({ file: copy, secretBox: createSecretBox(Buffer.from(secrets.env.PINGATE_SECRET_KEY!, 'base64')), clock: systemClock, rateLimit: loadConfig({ env: last }).rateLimit });
    try {
      assert.equal((await opened.accounts.findByUsername(username))?.username, username);
    } finally {
      await opened.close();
    }
  });
});
