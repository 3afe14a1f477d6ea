// `pingate token import` against a running provider's database, with PSKC files built from
// RFC 6030's own examples (test/fixtures/pskc: the RFC's encrypted values byte for byte, the
// algorithm made TOTP) and a privacyIDEA token-janitor CSV export: a dry run imports nothing, the
// import assigns the seed under the vendor's serial and the owner then signs in with it, a second
// run imports nothing again, encrypted files open with their password or key only, and every
// skipped token says why.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { projectRoot } from '../../src/config/load.ts';
import { totpAt } from '../../src/security/totp.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import type { ImportResult } from '../../src/usecases/admin/import-tokens.ts';
import { runPingate } from '../support/cli.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import { startTestServer, uniqueName, type TestClient, type TestServer } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';

const fixture = (name: string) => path.join(projectRoot, 'test', 'fixtures', 'pskc', name);
/** RFC 6030's example seed, "12345678901234567890" (RFC 4226's and RFC 6238's test secret), base32. */
const RFC_SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('token import', () => {
  let server: TestServer;
  let client: TestClient;
  let env: NodeJS.ProcessEnv;
  let folder: string;

  const pingate = (args: string[], input = '') => runPingate(env, args, input);
  const imported = async (args: string[], input = ''): Promise<ImportResult[]> => {
    const run = await pingate(['--json', 'token', 'import', ...args], input);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as ImportResult[];
  };
  const account = async (username: string) => {
    await createAccount(server.app.admin, { username, email: `${username}@example.com`, displayName: username, groups: ['staff'] });
    await setPin(server.app.admin, username, '720435', { waiveChangeOnFirstUse: true });
  };

  before(async () => {
    server = await startTestServer();
    client = await server.createClient();
    env = { NODE_ENV: 'test', PINGATE_DATA_DIR: server.config.dataDir, ...(server.config.database.uri ? { MONGODB_URI: server.config.database.uri } : {}) };
    folder = mkdtempSync(path.join(os.tmpdir(), 'pingate-import-'));
    // RFC 6030's example owner: UID=jsmith,DC=example-bank,DC=net.
    await account('jsmith');
  });
  after(async () => {
    await server?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('a PSKC file (RFC 6030 figure 3, TOTP): dry run, import, sign-in with the seed, a second run imports nothing', async () => {
    const file = fixture('rfc6030-figure3-plain-totp.xml');
    const dry = await imported([file, '--username-from', 'uid', '--dry-run']);
    assert.deepEqual(dry, [{ serial: '987654321', username: 'jsmith', outcome: 'would_import', reason: null }]);
    assert.equal((await server.app.tokens.listForAccount((await server.app.accounts.findByUsername('jsmith'))!.id)).length, 0, 'a dry run imports nothing');

    assert.deepEqual((await imported([file, '--username-from', 'uid'])).map((r) => r.outcome), ['imported']);
    const stored = (await server.app.tokens.findBySerial('987654321'))!;
    assert.deepEqual([stored.type, stored.state, stored.algorithm, stored.digits, stored.period], ['totp', 'ACTIVE', 'SHA1', 8, 60]);
    assert.ok(stored.sealedSecret && !stored.sealedSecret.includes(RFC_SEED_BASE32), 'sealed');

    // jsmith signs in with PIN + the 8-digit, 60-second code of the RFC's seed.
    const auth = await beginAuthorization(server.issuer, client);
    const code = await totpAt(RFC_SEED_BASE32, { algorithm: 'SHA1', digits: 8, period: 60 }, server.clock.now());
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, 'jsmith'), '720435', code);
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `signed in with the imported token: ${done.status}`);

    const again = await imported([file, '--username-from', 'uid']);
    assert.deepEqual(again.map((r) => r.outcome), ['duplicate_serial']);
    const [enrolled] = await server.app.audit.query({ event: 'token.enrolled', limit: 1 });
    assert.equal(enrolled?.details?.serial, '987654321');
    assert.equal(enrolled?.details?.importedFrom, 'pskc');
    assert.ok(!JSON.stringify(enrolled).includes(RFC_SEED_BASE32));
  });

  test('encrypted PSKC files (RFC 6030 figures 6 and 7) open with their key or password only; skipped tokens say why', async () => {
    const keyFile = path.join(folder, 'psk.hex');
    writeFileSync(keyFile, '12345678901234567890123456789012\n');
    const wrongKey = path.join(folder, 'wrong.hex');
    writeFileSync(wrongKey, '00000000000000000000000000000000\n');
    // The RFC's encrypted examples name no owner: decrypted, then reported.
    const presharedKey = await imported([fixture('rfc6030-figure6-preshared-key-totp.xml'), '--key-file', keyFile, '--dry-run']);
    assert.deepEqual(presharedKey.map((r) => [r.outcome, r.reason]), [['no_owner', 'the file names no owner for this token']]);
    const password = await imported([fixture('rfc6030-figure7-pbkdf2-totp.xml'), '--password-stdin', '--dry-run'], 'qwerty\n');
    assert.deepEqual(password.map((r) => r.outcome), ['no_owner']);

    const wrong = await pingate(['token', 'import', fixture('rfc6030-figure6-preshared-key-totp.xml'), '--key-file', wrongKey]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /does not open/);
    const missing = await pingate(['token', 'import', fixture('rfc6030-figure7-pbkdf2-totp.xml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--password-file/);
    const wrongPassword = await pingate(['token', 'import', fixture('rfc6030-figure7-pbkdf2-totp.xml'), '--password-stdin'], 'azerty\n');
    assert.equal(wrongPassword.code, 2);

    const hotp = await imported([fixture('rfc6030-figure3-hotp.xml'), '--username-from', 'uid']);
    assert.deepEqual(hotp.map((r) => r.outcome), ['unsupported']);
    assert.match(hotp[0]!.reason!, /HOTP/);
  });

  test("a privacyIDEA token-janitor CSV export: owners by login, unknown users and accounts with a token reported", async () => {
    const alice = uniqueName('alice');
    await account(alice);
    const csv = path.join(folder, 'privacyidea.csv');
    // pi-tokenjanitor find export --format csv: owner, serial, otpkey (hex), type, otplen, timeStep.
    writeFileSync(
      csv,
      [
        `${alice}@defrealm, TOTP0001A, 3132333435363738393031323334353637383930, totp, 6, 30`,
        `nobody-here@defrealm, TOTP0002B, 3132333435363738393031323334353637383930, totp, 6, 30`,
        `jsmith@defrealm, TOTP0003C, 3132333435363738393031323334353637383930, totp, 6, 30`,
        `${alice}@defrealm, OATH0004D, 3132333435363738393031323334353637383930, hotp, 6`,
        `${alice}@defrealm, TOTP0005E, 31323334, totp, 6, 30`,
      ].join('\n'),
    );
    const results = await imported([csv]);
    assert.deepEqual(results.map((r) => [r.serial, r.outcome]), [
      ['TOTP0001A', 'imported'],
      ['TOTP0002B', 'unknown_user'],
      ['TOTP0003C', 'has_active_token'],
      ['OATH0004D', 'unsupported'],
      ['TOTP0005E', 'weak_secret'],
    ]);
    const run = await pingate(['token', 'import', csv, '--dry-run']);
    assert.match(run.stdout, /SERIAL\s+USERNAME\s+OUTCOME\s+REASON/);
    assert.match(run.stdout, /Dry run, nothing imported: 1 duplicate_serial, 1 unknown_user, 1 has_active_token, 1 unsupported, 1 weak_secret\./);
  });
});
