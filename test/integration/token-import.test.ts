// `pingate token import` against a running provider's database, with PSKC files built from
// RFC 6030's own examples (test/fixtures/pskc: the RFC's encrypted values byte for byte, the
// algorithm made TOTP) and a privacyIDEA token-janitor CSV export: a dry run imports nothing and
// says what the import then does, the import assigns the seed under the vendor's serial and the
// owner signs in with it (a migrated account without a PIN through New PIN mode), a second run
// imports nothing again, encrypted files open with their password or key only, every skipped
// token says why, the audit names each import and no seed is written anywhere.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { projectRoot } from '../../src/config/load.ts';
import { totpAt } from '../../src/security/totp.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { importTokens, type ImportResult } from '../../src/usecases/admin/import-tokens.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import type { TokenStore } from '../../src/usecases/ports.ts';
import { runPingate } from '../support/cli.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { startTestServer, uniqueName, type TestClient, type TestServer } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';

const fixture = (name: string) => path.join(projectRoot, 'test', 'fixtures', 'pskc', name);
/** RFC 6030's example seed, "12345678901234567890" (RFC 4226's and RFC 6238's test secret), in every spelling it could leak in. */
const RFC_SEED = { ascii: '12345678901234567890', hex: '3132333435363738393031323334353637383930', base32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' };
const leaksSeed = (text: string) => Object.values(RFC_SEED).some((spelling) => text.toUpperCase().includes(spelling));
const PIN = '720435';

describe('token import', () => {
  let server: TestServer;
  let client: TestClient;
  let env: NodeJS.ProcessEnv;
  let folder: string;

  const pingate = (args: string[], input = '') => runPingate(env, args, input);
  const imported = async (args: string[], input = ''): Promise<ImportResult[]> => {
    const run = await pingate(['--json', 'token', 'import', ...args], input);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!leaksSeed(run.stdout), 'no seed in the output');
    return JSON.parse(run.stdout) as ImportResult[];
  };
  /** An account as a migration creates it: no token; a PIN only when given. */
  const account = async (username: string, pin: string | null = PIN) => {
    const created = await createAccount(server.app.admin, { username, email: `${username}@example.com`, displayName: username, groups: ['staff'] });
    if (pin) await setPin(server.app.admin, username, pin, { waiveChangeOnFirstUse: true });
    return created;
  };
  const file = (name: string, text: string) => {
    const written = path.join(folder, name);
    writeFileSync(written, text);
    return written;
  };
  const csvLine = (owner: string, serial: string, seedHex = RFC_SEED.hex, type = 'totp') => `${owner}@defrealm, ${serial}, ${seedHex}, ${type}, 6${type === 'totp' ? ', 30' : ''}`;

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
    const pskc = fixture('rfc6030-figure3-plain-totp.xml');
    // The file names its owner by a distinguished name: as written, nobody has that username.
    assert.deepEqual(await imported([pskc, '--dry-run']), [{ serial: '987654321', username: 'uid=jsmith,dc=example-bank,dc=net', outcome: 'unknown_user', reason: 'no account with this username: create it first' }]);
    const dry = await imported([pskc, '--username-from', 'uid', '--dry-run']);
    assert.deepEqual(dry, [{ serial: '987654321', username: 'jsmith', outcome: 'would_import', reason: null }]);
    const jsmith = (await server.app.accounts.findByUsername('jsmith'))!;
    assert.equal((await server.app.tokens.listForAccount(jsmith.id)).length, 0, 'a dry run imports nothing');
    assert.equal((await server.app.audit.query({ event: 'token.imported', limit: 10 })).length, 0, 'nor audits an import');

    assert.deepEqual((await imported([pskc, '--username-from', 'uid'])).map((r) => r.outcome), ['imported']);
    const stored = (await server.app.tokens.findBySerial('987654321'))!;
    assert.deepEqual([stored.accountId, stored.type, stored.state, stored.algorithm, stored.digits, stored.period], [jsmith.id, 'totp', 'ACTIVE', 'SHA1', 8, 60]);
    assert.ok(stored.sealedSecret && !leaksSeed(stored.sealedSecret), 'sealed');
    assert.equal((await server.app.accounts.findById(jsmith.id))!.hadToken, true, 'marked as having had a token');

    // jsmith signs in with PIN + the 8-digit, 60-second code of the RFC's seed.
    const auth = await beginAuthorization(server.issuer, client);
    const code = await totpAt(RFC_SEED.base32, { algorithm: 'SHA1', digits: 8, period: 60 }, server.clock.now());
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, 'jsmith'), PIN, code);
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `signed in with the imported token: ${done.status}`);

    // Run again: nothing imported twice; the text output says so in its summary.
    assert.deepEqual((await imported([pskc, '--username-from', 'uid'])).map((r) => [r.outcome, r.reason]), [['duplicate_serial', 'a token with this serial is already in Pingate']]);
    const again = await pingate(['token', 'import', pskc, '--username-from', 'uid']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^SERIAL\s+USERNAME\s+OUTCOME\s+REASON\n987654321\s+jsmith\s+duplicate_serial\s+a token with this serial is already in Pingate\n1 duplicate_serial\.\n$/);

    const audited = await server.app.audit.query({ event: 'token.imported', limit: 10 });
    assert.equal(audited.length, 1, 'one record per imported token');
    assert.deepEqual([audited[0]!.account?.username, audited[0]!.actor.type, audited[0]!.details], ['jsmith', 'operator', { serial: '987654321', type: 'totp', format: 'pskc' }]);
    assert.ok(!leaksSeed(JSON.stringify(audited)));
    assert.deepEqual(await server.app.audit.query({ event: 'token.enrolled', accountId: jsmith.id, limit: 1 }), [], 'an import is not recorded as an enrolment');
  });

  test('an encrypted PSKC file (RFC 6030 figure 7, PBKDF2) for a migrated account without a PIN: the first sign-in is the code, then New PIN mode', async () => {
    const username = uniqueName('pbkdf2-');
    await account(username, null);
    // The RFC's file with an owner (and a serial of its own): <UserId> is outside the MAC.
    const rfc = readFileSync(fixture('rfc6030-figure7-pbkdf2-totp.xml'), 'utf8');
    const pskc = file('figure7-owned.xml', rfc.replace('<pskc:SerialNo>987654321</pskc:SerialNo>', '<pskc:SerialNo>F7-0001</pskc:SerialNo>').replace('</pskc:Key>', `<pskc:UserId>CN=${username},OU=People,DC=example,DC=net</pskc:UserId></pskc:Key>`));
    const passwordFile = file('password.txt', 'qwerty\n');
    assert.deepEqual(await imported([pskc, '--password-file', passwordFile, '--username-from', 'uid']), [{ serial: 'F7-0001', username, outcome: 'imported', reason: null }]);

    const auth = await beginAuthorization(server.issuer, client);
    const page = await submitUsername(auth.agent, auth.page, username);
    assert.equal(heading(page), 'Enter your tokencode');
    const newPinPage = await auth.agent.submit(page, { tokencode: await totpAt(RFC_SEED.base32, { algorithm: 'SHA1', digits: 8, period: 30 }, server.clock.now()) });
    assert.equal(heading(newPinPage), 'Choose your PIN');
    const done = await auth.agent.submit(newPinPage, { newPin: '583160', confirmPin: '583160' });
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `expected the client, got ${done.status} ${heading(done)}`);
    assert.equal((await redeem(auth, done.leftTo!)).claims()!.acr, server.config.signin.acrTokencodeOnly, 'that first sign-in proved the token alone');
  });

  test('encrypted PSKC files (RFC 6030 figures 6 and 7) open with their key or password only; an unreadable file exits 2 naming why', async () => {
    const keyFile = file('psk.hex', '12345678901234567890123456789012\n');
    const wrongKey = file('wrong.hex', '00000000000000000000000000000000\n');
    const figure6 = fixture('rfc6030-figure6-preshared-key-totp.xml');
    const figure7 = fixture('rfc6030-figure7-pbkdf2-totp.xml');
    // The RFC's encrypted examples name no owner: decrypted, then reported.
    assert.deepEqual((await imported([figure6, '--key-file', keyFile, '--dry-run'])).map((r) => [r.outcome, r.reason]), [['no_owner', 'the file names no owner for this token']]);
    assert.deepEqual((await imported([figure7, '--password-stdin', '--dry-run'], 'qwerty\n')).map((r) => r.outcome), ['no_owner']);

    const wrong = await pingate(['token', 'import', figure6, '--key-file', wrongKey]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /\(wrong_key\).*does not open it/);
    const missing = await pingate(['token', 'import', figure7]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /\(password_required\).*--password-file or --password-stdin/);
    const wrongPassword = await pingate(['token', 'import', figure7, '--password-stdin'], 'azerty\n');
    assert.equal(wrongPassword.code, 2);
    assert.match(wrongPassword.stderr, /\(wrong_key\): wrong password or key/);
    assert.ok(!wrongPassword.stderr.includes('azerty'), 'the password is not repeated');
    const malformed = await pingate(['token', 'import', file('not-pskc.xml', '<html><body>hello</body></html>')]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /\(malformed\)/);
    const notAsSaid = await pingate(['token', 'import', figure6, '--format', 'privacyidea-csv']);
    assert.equal(notAsSaid.code, 2);
    assert.match(notAsSaid.stderr, /reads as pskc, not privacyidea-csv/);

    const hotp = await imported([fixture('rfc6030-figure3-hotp.xml'), '--username-from', 'uid']);
    assert.deepEqual(hotp.map((r) => r.outcome), ['unsupported']);
    assert.match(hotp[0]!.reason!, /HOTP/);
  });

  test('a privacyIDEA token-janitor CSV export: owners by login, unknown users, accounts with a token, HOTP and weak seeds reported', async () => {
    const alice = uniqueName('alice');
    await account(alice);
    const withToken = await server.createUser();
    // pi-tokenjanitor find export --format csv: owner, serial, otpkey (hex), type, otplen, timeStep.
    const csv = file('privacyidea.csv', [
      csvLine(alice, 'TOTP0001A'),
      csvLine('nobody-here', 'TOTP0002B'),
      csvLine(withToken.username, 'TOTP0003C'),
      csvLine(alice, 'OATH0004D', RFC_SEED.hex, 'hotp'),
      csvLine(alice, 'TOTP0005E', '31323334'),
    ].join('\n'));
    const results = await imported([csv]);
    assert.deepEqual(results.map((r) => [r.serial, r.username, r.outcome]), [
      ['TOTP0001A', alice, 'imported'],
      ['TOTP0002B', 'nobody-here', 'unknown_user'],
      ['TOTP0003C', withToken.username, 'has_active_token'],
      ['OATH0004D', alice, 'unsupported'],
      ['TOTP0005E', alice, 'weak_secret'],
    ]);
    assert.equal((await server.app.audit.query({ event: 'token.imported', limit: 10 })).find((r) => r.details?.serial === 'TOTP0001A')?.details?.format, 'privacyidea-csv');
    const run = await pingate(['token', 'import', csv, '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /SERIAL\s+USERNAME\s+OUTCOME\s+REASON/);
    assert.match(run.stdout, /Dry run, nothing imported: 1 duplicate_serial, 1 unknown_user, 1 has_active_token, 1 unsupported, 1 weak_secret\.\n$/);
    assert.ok(!leaksSeed(run.stdout));
  });

  test('a dry run says what the import then does, for a file naming a serial or an owner twice', async () => {
    const [carol, dave] = [uniqueName('carol'), uniqueName('dave')];
    await account(carol);
    await account(dave);
    const csv = file('twice.csv', [csvLine(carol, 'TWICE-1'), csvLine(carol, 'TWICE-2'), csvLine(dave, 'TWICE-1')].join('\n'));
    const outcomes = (results: ImportResult[]) => results.map((r) => [r.serial, r.outcome, r.reason]);
    const dry = await imported([csv, '--dry-run']);
    assert.deepEqual(outcomes(dry), [
      ['TWICE-1', 'would_import', null],
      ['TWICE-2', 'has_active_token', 'an earlier token of this file goes to this account'],
      ['TWICE-1', 'duplicate_serial', 'an earlier token of this file has this serial'],
    ]);
    const done = await imported([csv]);
    assert.deepEqual(done.map((r) => r.outcome), ['imported', 'has_active_token', 'duplicate_serial']);
    assert.equal((await server.app.tokens.findBySerial('TWICE-1'))!.accountId, (await server.app.accounts.findByUsername(carol))!.id);
  });

  test('the use case: administrators only; a database failure stops the run, the report says which tokens are in, and a second run continues', async () => {
    const owners = [uniqueName('erin'), uniqueName('frank'), uniqueName('grace')];
    for (const owner of owners) await account(owner);
    const tokens = owners.map((owner, index) => ({ serial: `FAIL-${index}`, username: owner, kind: 'totp' as const, secret: Buffer.from(RFC_SEED.ascii), algorithm: 'SHA1' as const, digits: 6, period: 30 }));
    const options = { dryRun: false, usernameFrom: 'as-is' as const, format: 'pskc' };

    await assert.rejects(importTokens({ ...server.app.admin, role: 'helpdesk' }, tokens, options), (e: Error & { code?: string }) => e.code === 'forbidden');

    let creates = 0;
    const store = server.app.admin.tokens;
    // The second token's write fails, as a database that went away would.
    const failing: TokenStore = Object.assign(Object.create(store) as TokenStore, {
      create: (...args: Parameters<TokenStore['create']>) => (++creates === 2 ? Promise.reject(new Error('database is locked')) : store.create(...args)),
    });
    const first = await importTokens({ ...server.app.admin, tokens: failing }, tokens, options);
    assert.deepEqual(first.map((r) => [r.serial, r.outcome, r.reason]), [
      ['FAIL-0', 'imported', null],
      ['FAIL-1', 'failed', 'not imported: database is locked'],
      ['FAIL-2', 'not_attempted', 'the import stopped at an earlier failure: run it again to continue'],
    ]);
    assert.equal(await server.app.tokens.findBySerial('FAIL-1'), null, 'nothing of the failed token is stored');
    assert.deepEqual((await importTokens(server.app.admin, tokens, options)).map((r) => r.outcome), ['duplicate_serial', 'imported', 'imported']);

    // An audit trail that fails after the token was stored: said so, and the run stops.
    const heidi = uniqueName('heidi');
    await account(heidi);
    const audit = { ...server.app.admin.audit, record: () => Promise.reject(new Error('audit store unavailable')) };
    const unaudited = await importTokens({ ...server.app.admin, audit }, [{ ...tokens[0]!, serial: 'FAIL-3', username: heidi }, { ...tokens[0]!, serial: 'FAIL-4', username: heidi }], options);
    assert.deepEqual(unaudited.map((r) => [r.outcome, r.reason]), [
      ['failed', 'stored, but its audit record could not be written: audit store unavailable'],
      ['not_attempted', 'the import stopped at an earlier failure: run it again to continue'],
    ]);
    assert.ok(await server.app.tokens.findBySerial('FAIL-3'));
  });

  test('the use case: parameters the sign-in cannot check are reported, file defaults are RFC 6238\'s', async () => {
    const ivan = uniqueName('ivan');
    await account(ivan);
    const token = { username: ivan, kind: 'totp' as const, secret: Buffer.from(RFC_SEED.ascii) };
    const results = await importTokens(server.app.admin, [
      { ...token, serial: 'PARAM-1', digits: 7 },
      { ...token, serial: 'PARAM-2', digits: 6, period: 600 },
      { ...token, serial: 'PARAM-3' },
      { ...token, serial: '  ', digits: 6 },
      { ...token, serial: 'PARAM-5', digits: 6 },
    ], { dryRun: false, usernameFrom: 'as-is', format: 'pskc' });
    assert.deepEqual(results.map((r) => [r.serial, r.outcome, r.reason]), [
      ['PARAM-1', 'bad_parameters', '7-digit codes are not supported (6 or 8)'],
      ['PARAM-2', 'bad_parameters', 'a time step of 600 s is not supported (1 to 300)'],
      ['PARAM-3', 'bad_parameters', 'the file does not give the code length'],
      ['  ', 'unsupported', 'the file gives no serial for this token'],
      ['PARAM-5', 'imported', null],
    ]);
    const stored = (await server.app.tokens.findBySerial('PARAM-5'))!;
    assert.deepEqual([stored.algorithm, stored.digits, stored.period], ['SHA1', 6, 30]);
  });
});
