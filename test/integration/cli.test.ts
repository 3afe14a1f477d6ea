// The `pingate` administration command against a real database: commands run in-process
// through main() with captured streams, and once as the real binary (node bin/pingate.ts) in a
// child process. What the commands store is checked in the raw documents: PINs hashed, token
// and client secrets sealed with the key the server uses.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig, projectRoot } from '../../src/config/load.ts';
import { createPinHasher, type PinHasher } from '../../src/security/pin-hasher.ts';
import { createSecretBox, type SecretBox } from '../../src/security/secret-box.ts';
import { sealingKey } from '../../src/security/derived-keys.ts';
import { loadSecrets } from '../../src/security/secrets.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { systemClock } from '../../src/usecases/ports.ts';
import { newTestDatabase, type TestDatabase, uniqueName } from '../support/backends.ts';
import { runPingate, runPingateOk, type Run } from '../support/cli.ts';
import { StoredRecords } from '../support/stored.ts';

const SECRET_32 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ';

describe('pingate command line', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let storage: Storage;
  let stored: StoredRecords;
  let box: SecretBox;
  let hasher: PinHasher;

  /** Runs `pingate ...args` in-process; stdin is a pipe holding `input` (not a terminal). */
  const pingate = (args: readonly string[], input = ''): Promise<Run> => runPingate(env, args, input);
  const ok = (args: readonly string[], input = ''): Promise<Run> => runPingateOk(env, args, input);
  const newUser = async (): Promise<string> => {
    const username = uniqueName('user');
    await ok(['account', 'add', username]);
    return username;
  };

  before(async () => {
    database = newTestDatabase();
    dataDir = database.config.dataDir;
    // The same environment the server would get: MONGODB_URI, or the data folder of the SQLite file.
    env = { NODE_ENV: 'test', PINGATE_DATA_DIR: dataDir, ...(database.config.database.uri ? { MONGODB_URI: database.config.database.uri } : {}) };
    // The first command generates the development secrets into dataDir, as the server would.
    await ok(['account', 'list']);
    const secrets = await loadSecrets({ dataDir, generateMissing: false, env: {} });
    box = createSecretBox(sealingKey(secrets.secretKey));
    hasher = createPinHasher(loadConfig({ env: { NODE_ENV: 'test' } }).argon2);
    // A second handle on the database the commands write, to read what they stored.
    storage = await openStorage(loadConfig({ env }), { secretBox: box, clock: systemClock });
    stored = new StoredRecords(storage);
  });
  after(async () => {
    await storage?.close();
    database?.remove();
  });

  describe('helpdesk commands (PIN reset, forced change, unlock, show, policy, email tokens)', () => {
    test('pin reset empties the PIN (NOT_SET) and is idempotent', async () => {
      const username = await newUser();
      await ok(['pin', 'set', username, '--waive-change-on-first-use'], '583196\n');
      const first = await ok(['--json', 'pin', 'reset', username]);
      assert.deepEqual(JSON.parse(first.stdout), { username, pinState: 'NOT_SET' });
      const second = await ok(['--json', 'pin', 'reset', username]);
      assert.deepEqual(JSON.parse(second.stdout), { username, pinState: 'NOT_SET' });
      const doc = await stored.account(username);
      assert.equal(doc!.pin.hash, null);
      assert.equal(doc!.pin.state, 'NOT_SET');
    });

    test('pin reset --temporary prints a generated PIN once, which must be changed at its first use', async () => {
      const username = await newUser();
      await ok(['pin', 'set', username, '--waive-change-on-first-use'], '583196\n');
      const reset = JSON.parse((await ok(['--json', 'pin', 'reset', username, '--temporary'])).stdout) as { pinState: string; randomPin: string };
      assert.equal(reset.pinState, 'CHANGE_FORCED');
      assert.match(reset.randomPin, /^\d{6,8}$/);
      const doc = await stored.account(username);
      assert.equal(doc!.pin.state, 'CHANGE_FORCED');
      assert.ok(doc!.pin.hash && !doc!.pin.hash.includes(reset.randomPin), 'stored as a hash');
    });

    test('pin force-change: one account, a group, or everyone; exactly one target', async () => {
      const group = uniqueName('grp');
      const a = uniqueName('forced');
      await ok(['account', 'add', a, '--group', group]);
      await ok(['pin', 'set', a, '--waive-change-on-first-use'], '583196\n');
      const b = await newUser();
      await ok(['pin', 'set', b, '--waive-change-on-first-use'], '602947\n');

      assert.deepEqual(JSON.parse((await ok(['--json', 'pin', 'force-change', '--group', group])).stdout), { accounts: 1 });
      assert.equal((await stored.account(a))!.pin.state, 'CHANGE_FORCED');
      assert.equal((await stored.account(b))!.pin.state, 'SET');
      assert.match((await ok(['pin', 'force-change', b])).stdout, /^1 account must change/);
      assert.equal((await stored.account(b))!.pin.state, 'CHANGE_FORCED');

      const none = await pingate(['pin', 'force-change']);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /exactly one of/);
      const two = await pingate(['pin', 'force-change', b, '--all']);
      assert.equal(two.code, 2);
    });

    test('pin set refuses a PIN the policy refuses, listing the reasons; exit 2', async () => {
      const username = await newUser();
      const refused = await pingate(['pin', 'set', username], '3456\n');
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /does not meet the policy/);
      assert.match(refused.stderr, /sequence/);
      assert.ok(!refused.stderr.includes('3456'), 'the refused PIN is not echoed');
    });

    test('account show tells state, lockout and tokens without any secret; account unlock resets', async () => {
      const username = await newUser();
      await ok(['pin', 'set', username, '--waive-change-on-first-use'], '583196\n');
      const totp = JSON.parse((await ok(['--json', 'token', 'add-totp', username])).stdout) as { secret: string; serial: string };
      // Five failures with no lock time: locked until an operator unlocks it.
      const id = (await stored.account(username))!.id;
      for (let i = 0; i < 5; i++) await storage.accounts.recordFailure(id, new Date(), { maxFailures: 5, lockSeconds: 0 });

      const shown = await ok(['--json', 'account', 'show', username]);
      const view = JSON.parse(shown.stdout) as { pin: { state: string }; lockout: { locked: boolean; failures: number }; tokens: Array<{ serial: string; type: string }> };
      assert.equal(view.pin.state, 'SET');
      assert.deepEqual([view.lockout.locked, view.lockout.failures], [true, 5]);
      assert.deepEqual(view.tokens.map((t) => [t.serial, t.type]), [[totp.serial, 'totp']]);
      assert.ok(!shown.stdout.includes(totp.secret) && !shown.stdout.includes('argon2') && !/v[12]\./.test(shown.stdout), 'no secret, hash or sealed value');
      const table = await ok(['account', 'show', username]);
      assert.match(table.stdout, /locked\s+yes, since .* until unlocked/);

      const unlocked = JSON.parse((await ok(['--json', 'account', 'unlock', username])).stdout) as { wasLocked: boolean };
      assert.equal(unlocked.wasLocked, true);
      const doc = (await stored.account(username))!;
      assert.deepEqual([doc.lockout.failures, doc.lockout.lockedAt], [0, null]);
      assert.equal((await pingate(['account', 'unlock', 'nobody-here'])).code, 3);
    });

    test('policy show prints the effective policy and the sentence users see', async () => {
      const run = await ok(['policy', 'show']);
      assert.match(run.stdout, /^Users see: 6 to 8 digits/);
      assert.match(run.stdout, /minLength\s+6/);
      assert.match(run.stdout, /no common PINs such as 147258, no dates or years/);
      const json = JSON.parse((await ok(['--json', 'policy', 'show'])).stdout) as { policy: { complexity: string }; description: string };
      assert.equal(json.policy.complexity, 'numeric');
    });

    test('audit lists what the commands did, naming the operator; client add-service registers an API client', async () => {
      const username = await newUser();
      await ok(['pin', 'set', username, '--waive-change-on-first-use'], '583196\n');
      await ok(['account', 'unlock', username]);
      const events = JSON.parse((await ok(['--json', 'audit', '--account', username])).stdout) as Array<{ event: string; actor: { type: string; id: string } }>;
      assert.deepEqual(events.map((e) => e.event).sort(), ['account.created', 'account.unlocked', 'pin.set']);
      assert.ok(events.every((e) => e.actor.type === 'operator' && e.actor.id.startsWith('cli:')));
      const table = await ok(['audit', '--account', username, '--event', 'pin.set']);
      assert.match(table.stdout, /pin\.set\s+success/);
      assert.equal((await pingate(['audit', '--since', 'yesterday'])).code, 2);

      const service = uniqueName('svc');
      const registered = JSON.parse((await ok(['--json', 'client', 'add-service', service, '--scope', 'helpdesk'])).stdout) as { client_secret: string; scope: string };
      assert.equal(registered.scope, 'helpdesk');
      assert.ok(registered.client_secret.length >= 32);
      const record = await stored.client(service);
      assert.deepEqual(record!.payload.grant_types, ['client_credentials']);
      assert.ok(!JSON.stringify(record).includes(registered.client_secret));
      assert.equal((await pingate(['client', 'add-service', uniqueName('svc'), '--scope', 'root'])).code, 2);
    });

    test('token add-email needs an email address', async () => {
      const without = await newUser();
      const refused = await pingate(['token', 'add-email', without]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /no email address/);
      const withEmail = uniqueName('mailer');
      await ok(['account', 'add', withEmail, '--email', `${withEmail}@example.com`]);
      const added = JSON.parse((await ok(['--json', 'token', 'add-email', withEmail])).stdout) as { serial: string; type: string };
      assert.equal(added.type, 'email');
      assert.equal((await stored.token(added.serial))!.sealedSecret, null);
    });
  });

  describe('session', () => {
    test('session list and revoke: none yet, an unknown user exits 3', async () => {
      const username = await newUser();
      assert.match((await ok(['session', 'list', username])).stdout, /has no session/);
      assert.deepEqual(JSON.parse((await ok(['--json', 'session', 'list', username])).stdout), []);
      assert.deepEqual(JSON.parse((await ok(['--json', 'session', 'revoke', username])).stdout), { sessions: 0, tokens: 0 });
      assert.equal((await pingate(['session', 'revoke', 'nobody-here'])).code, 3);
      assert.equal((await pingate(['session', 'revoke'])).code, 2, 'neither a username nor --everyone');
      assert.equal((await pingate(['session', 'revoke', username, '--everyone'])).code, 2, 'not both');
      assert.match((await ok(['session', 'revoke', '--everyone'])).stdout, /^Ended \d+ session\(s\) and \d+ grant\(s\) and token\(s\) of every account\./);
    });
  });

  describe('account', () => {
    test('account add creates an account that account list shows, as JSON and as a table', async () => {
      const username = uniqueName('Alice');
      const added = await ok(['account', 'add', username, '--email', 'alice@example.com', '--name', 'Alice Example', '--group', 'staff', '--group', 'vpn,ops']);
      assert.match(added.stdout, new RegExp(`Account ${username.toLowerCase()} created`));

      const listed = await ok(['--json', 'account', 'list', '--limit', '1000']);
      const rows = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
      const row = rows.find((r) => r.username === username.toLowerCase());
      assert.ok(row, `${username.toLowerCase()} is not in ${listed.stdout}`);
      assert.equal(row.displayName, 'Alice Example');
      assert.equal(row.email, 'alice@example.com');
      assert.deepEqual(row.groups, ['staff', 'vpn', 'ops']);
      assert.equal(row.status, 'ACTIVE');
      assert.deepEqual(row.pin, { state: 'NOT_SET', changedAt: null });
      assert.ok(!('pinHash' in row) && !listed.stdout.includes('argon2'), 'no hash in the listing');

      const table = await ok(['account', 'list', '--limit', '1000']);
      const header = table.stdout.split('\n')[0] ?? '';
      assert.match(header, /^USERNAME\s+DISPLAY NAME\s+EMAIL\s+GROUPS\s+STATUS\s+PIN$/);
      const line = table.stdout.split('\n').find((l) => l.startsWith(`${username.toLowerCase()} `)) ?? '';
      assert.match(line, /Alice Example\s+alice@example\.com\s+staff,vpn,ops\s+ACTIVE\s+NOT_SET/);
    });

    test('account list --search and --group narrow the list', async () => {
      const group = uniqueName('team');
      const member = uniqueName('member');
      await ok(['account', 'add', member, '--group', group, '--name', 'Zed Member']);
      const other = await newUser();
      const byGroup = JSON.parse((await ok(['--json', 'account', 'list', '--group', group])).stdout) as Array<{ username: string }>;
      assert.deepEqual(byGroup.map((a) => a.username), [member.toLowerCase()]);
      const byText = JSON.parse((await ok(['--json', 'account', 'list', '--search', 'Zed Memb', '--group', group])).stdout) as Array<{ username: string }>;
      assert.deepEqual(byText.map((a) => a.username), [member.toLowerCase()]);
      const none = JSON.parse((await ok(['--json', 'account', 'list', '--search', other, '--group', group])).stdout) as unknown[];
      assert.deepEqual(none, []);
    });

    test('--json after the subcommand works too, and --skip pages through the sorted list', async () => {
      await newUser();
      await newUser();
      const all = JSON.parse((await ok(['account', 'list', '--json', '--limit', '1000'])).stdout) as Array<{ username: string }>;
      assert.ok(all.length >= 2);
      assert.deepEqual(all.map((a) => a.username), all.map((a) => a.username).sort(), 'sorted by username');
      const page = JSON.parse((await ok(['account', 'list', '--skip', '1', '--limit', '1', '--json'])).stdout) as Array<{ username: string }>;
      assert.deepEqual(page.map((a) => a.username), [all[1]!.username]);
    });

    test('a duplicate username exits 4 with a clear message and creates nothing', async () => {
      const username = await newUser();
      const again = await pingate(['account', 'add', username.toUpperCase()]);
      assert.equal(again.code, 4);
      assert.equal(again.stderr, `pingate: an account named ${username} already exists\n`);
      assert.equal(again.stdout, '');
      assert.equal((await stored.all('accounts')).filter((a) => a.username === username).length, 1);
    });

    test('an invalid username or email exits 2 without a stack trace', async () => {
      const run = await pingate(['account', 'add', 'no spaces!', '--email', 'not-an-email']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^pingate: invalid account: username: .*; email: not an email address\n$/);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    });

    test('bad option values and unknown commands are usage errors (exit 2)', async () => {
      const limit = await pingate(['account', 'list', '--limit', '0']);
      assert.equal(limit.code, 2);
      assert.match(limit.stderr, /--limit/);
      const unknown = await pingate(['acount', 'list']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown command 'acount'/);
    });
  });

  describe('pin set', () => {
    test('an unknown user exits 3', async () => {
      const run = await pingate(['pin', 'set', 'nobody-here'], '482659\n');
      assert.equal(run.code, 3);
      assert.equal(run.stderr, 'pingate: no account named nobody-here\n');
    });

    test('the PIN piped on stdin is stored as a hash that verifies, and is never printed', async () => {
      const username = await newUser();
      const pin = '482659';
      const run = await ok(['pin', 'set', username], `${pin}\nignored second line\n`);
      assert.match(run.stdout, new RegExp(`^PIN set for ${username}[.;]`));
      assert.ok(!run.stdout.includes(pin) && !run.stderr.includes(pin), 'the PIN is not echoed');

      const doc = await stored.account(username);
      assert.ok(doc?.pin.state === 'SET' || doc?.pin.state === 'CHANGE_FORCED', `PIN state ${doc?.pin.state}`);
      assert.ok(doc?.pin.hash && !doc.pin.hash.includes(pin));
      assert.equal(await hasher.verify(doc.pin.hash, pin), true);
      assert.equal(await hasher.verify(doc.pin.hash, 'ignored second line'), false);
      assert.equal(await hasher.verify(doc.pin.hash, '482657'), false);

      const listed = JSON.parse((await ok(['--json', 'account', 'list', '--limit', '1000'])).stdout) as Array<{ username: string; pin: { state: string } }>;
      assert.equal(listed.find((a) => a.username === username)?.pin.state, doc.pin.state);
    });

    test('--pin works but warns on stderr, without repeating the PIN', async () => {
      const username = await newUser();
      const run = await ok(['--json', 'pin', 'set', username, '--pin', '731905']);
      assert.match(run.stderr, /warning: .*shell history/);
      assert.ok(!run.stderr.includes('731905') && !run.stdout.includes('731905'));
      const doc = await stored.account(username);
      assert.equal(await hasher.verify(doc!.pin.hash!, '731905'), true);
      assert.deepEqual(JSON.parse(run.stdout), { username, pinState: doc!.pin.state });
    });

    test('an empty stdin or a PIN the use case refuses exits 2 and leaves the PIN unset', async () => {
      const username = await newUser();
      const empty = await pingate(['pin', 'set', username], '');
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /no PIN on standard input/);
      const short = await pingate(['pin', 'set', username], '12\n');
      assert.equal(short.code, 2);
      assert.match(short.stderr, /^pingate: [^\n]*PIN[^\n]*\n$/);
      assert.equal((await stored.account(username))?.pin.state, 'NOT_SET');
    });
  });

  describe('token add-totp', () => {
    test('prints the serial, an otpauth URI and a QR code; the stored secret is sealed', async () => {
      const username = await newUser();
      const run = await ok(['token', 'add-totp', username]);
      const serial = /TOTP token (TOTP[0-9A-F]+) assigned to/.exec(run.stdout)?.[1];
      assert.ok(serial, run.stdout);
      const uri = /otpauth URI:\s+(otpauth:\/\/\S+)/.exec(run.stdout)?.[1];
      assert.ok(uri, run.stdout);
      assert.ok(run.stdout.includes('█'), 'a QR code is drawn');
      const parsed = new URL(uri);
      assert.equal(decodeURIComponent(parsed.pathname.replace(/^\/+/, '')), `Pingate:${username}`);
      const secret = parsed.searchParams.get('secret');
      assert.match(secret ?? '', /^[A-Z2-7]{26,}$/);

      const doc = await stored.token(serial);
      assert.ok(doc?.sealedSecret, 'a token record with a sealed secret');
      assert.ok(!doc.sealedSecret.includes(secret!), 'the secret is not stored in clear');
      assert.equal(box.open(doc.sealedSecret, `token:${doc.id}`), secret);
      const account = await stored.account(username);
      assert.equal(doc.accountId, account?.id);
    });

    test('--secret is used verbatim, with the given parameters', async () => {
      const username = await newUser();
      const run = await ok(['--json', 'token', 'add-totp', username, '--secret', SECRET_32, '--digits', '8', '--algorithm', 'SHA256', '--period', '60']);
      const out = JSON.parse(run.stdout) as { serial: string; secret: string; otpauthUri: string; digits: number; algorithm: string; period: number };
      assert.equal(out.secret, SECRET_32);
      assert.equal(new URL(out.otpauthUri).searchParams.get('secret'), SECRET_32);
      assert.deepEqual([out.digits, out.algorithm, out.period], [8, 'SHA256', 60]);
      const doc = await stored.token(out.serial);
      assert.ok(doc?.sealedSecret && !doc.sealedSecret.includes(SECRET_32));
      assert.equal(box.open(doc.sealedSecret, `token:${doc.id}`), SECRET_32);
      assert.equal(doc.digits, 8);
    });

    test('an invalid --secret exits 2 and assigns nothing; an unknown user exits 3', async () => {
      const username = await newUser();
      const account = await stored.account(username);
      const bad = await pingate(['token', 'add-totp', username, '--secret', 'NOT-BASE32-1890!NOT-BASE32-1890!']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^pingate: the secret must be base32/);
      const short = await pingate(['token', 'add-totp', username, '--secret', 'JBSWY3DPEHPK3PXP']);
      assert.equal(short.code, 2);
      assert.equal((await stored.all('tokens')).filter((t) => t.accountId === account!.id).length, 0);

      const unknown = await pingate(['token', 'add-totp', 'nobody-here']);
      assert.equal(unknown.code, 3);
      const digits = await pingate(['token', 'add-totp', username, '--digits', '7']);
      assert.equal(digits.code, 2);
    });
  });

  describe('client add', () => {
    test('a malformed redirect URI exits 2 and registers nothing', async () => {
      const clientId = uniqueName('client-');
      const run = await pingate(['client', 'add', clientId, '--redirect-uri', 'https://ok.example.com/cb', '--redirect-uri', 'not a uri']);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'pingate: malformed redirect URI: not a uri\n');
      assert.equal(await stored.client(clientId), null);

      const missing = await pingate(['client', 'add', clientId]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /at least one redirect URI is required/);
    });

    test('a device client needs no redirect URI', async () => {
      const clientId = uniqueName('device-');
      const json = JSON.parse((await ok(['--json', 'client', 'add', clientId, '--device', '--public'])).stdout) as { redirect_uris: string[]; token_endpoint_auth_method: string };
      assert.deepEqual(json.redirect_uris, []);
      assert.equal(json.token_endpoint_auth_method, 'none');
      const record = (await stored.client(clientId))!;
      assert.deepEqual(record.payload.grant_types, ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token']);
    });

    test('a confidential client gets a secret, printed once and stored sealed', async () => {
      const clientId = uniqueName('client-');
      const run = await ok(['client', 'add', clientId, '--redirect-uri', 'https://app.example.com/cb', '--name', 'App', '--auth-method', 'client_secret_post']);
      assert.match(run.stdout, new RegExp(`Client ID:\\s+${clientId}\\n`));
      const secret = /Client secret:\s+(\S+)/.exec(run.stdout)?.[1];
      assert.ok(secret && secret.length >= 32, run.stdout);

      const doc = await stored.client(clientId);
      assert.ok(doc, 'stored as a Client record');
      assert.equal(doc.payload.client_secret, undefined, 'no clear client_secret field');
      assert.ok(!JSON.stringify(doc).includes(secret), 'the secret does not appear in clear anywhere');
      const sealed = doc.payload.pingate_sealed_client_secret;
      assert.equal(typeof sealed, 'string');
      assert.equal(box.open(sealed as string, `client:${clientId}`), secret);
      assert.equal(doc.payload.token_endpoint_auth_method, 'client_secret_post');
      assert.deepEqual(doc.payload.redirect_uris, ['https://app.example.com/cb']);

      const again = await pingate(['client', 'add', clientId, '--redirect-uri', 'https://app.example.com/cb']);
      assert.equal(again.code, 4);
    });

    test('a public client gets no secret', async () => {
      const clientId = uniqueName('spa-');
      const run = await ok(['client', 'add', clientId, '--public', '--first-party', '--redirect-uri', 'http://localhost:5173/cb']);
      assert.match(run.stdout, /public, PKCE/);
      assert.doesNotMatch(run.stdout, /secret/i);
      const json = await ok(['--json', 'client', 'add', `${clientId}-2`, '--public', '--redirect-uri', 'http://localhost:5173/cb']);
      assert.equal((JSON.parse(json.stdout) as Record<string, unknown>).client_secret, undefined);

      const doc = await stored.client(clientId);
      assert.equal(doc?.payload.token_endpoint_auth_method, 'none');
      assert.equal(doc?.payload.first_party, true);
      assert.equal(doc?.payload.pingate_sealed_client_secret, undefined);
      assert.equal(doc?.payload.client_secret, undefined);
    });

    test('--secret with --public is refused', async () => {
      const run = await pingate(['client', 'add', uniqueName('spa-'), '--public', '--secret', 'x'.repeat(40), '--redirect-uri', 'http://localhost/cb']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /cannot be used with option '--public'/);
    });
  });

  describe('the real binary', () => {
    const spawnPingate = (args: readonly string[], input: string): Promise<Run> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'pingate.ts'), ...args], {
          cwd: projectRoot,
          env: { PATH: process.env.PATH ?? '', ...env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(input);
      });

    test('node bin/pingate.ts adds an account and sets its PIN from a pipe', async () => {
      const username = uniqueName('spawned');
      const added = await spawnPingate(['--json', 'account', 'add', username, '--group', 'staff'], '');
      assert.equal(added.code, 0, added.stderr);
      assert.equal((JSON.parse(added.stdout) as { username: string }).username, username);

      const pinned = await spawnPingate(['pin', 'set', username], '509386\n');
      assert.equal(pinned.code, 0, pinned.stderr);
      assert.ok(!pinned.stdout.includes('509386') && !pinned.stderr.includes('509386'));
      const doc = await stored.account(username);
      assert.equal(await hasher.verify(doc!.pin.hash!, '509386'), true);

      const duplicate = await spawnPingate(['account', 'add', username], '');
      assert.equal(duplicate.code, 4);
      assert.equal(duplicate.stderr, `pingate: an account named ${username} already exists\n`);
    });
  });

  describe('account and token lifecycle (the same use cases as the administration API)', () => {
    test('account update, disable, enable and remove', async () => {
      const username = await newUser();
      const updated = JSON.parse((await ok(['--json', 'account', 'update', username, '--email', 'new@example.com', '--name', 'New Name', '--group', 'a,b'])).stdout);
      assert.equal(updated.email, 'new@example.com');
      assert.equal(updated.displayName, 'New Name');
      assert.deepEqual(updated.groups, ['a', 'b']);
      const cleared = JSON.parse((await ok(['--json', 'account', 'update', username, '--no-email', '--no-groups'])).stdout);
      assert.equal(cleared.email, null);
      assert.deepEqual(cleared.groups, []);
      assert.equal(cleared.displayName, 'New Name', 'what is not given stays');
      assert.equal((await pingate(['account', 'update', username])).code, 2, 'nothing to change is invalid input');
      assert.equal(JSON.parse((await ok(['--json', 'account', 'disable', username])).stdout).status, 'DISABLED');
      assert.equal(JSON.parse((await ok(['--json', 'account', 'enable', username])).stdout).status, 'ACTIVE');
      const refused = await pingate(['account', 'remove', username]);
      assert.notEqual(refused.code, 0, 'without --yes and without a terminal nothing is removed');
      assert.ok(await stored.account(username));
      assert.deepEqual(JSON.parse((await ok(['--json', 'account', 'remove', username, '--yes'])).stdout), { username, removed: true, tokens: 0 });
      assert.equal(await stored.account(username), null);
      assert.equal((await pingate(['account', 'show', username])).code, 3);
    });

    test('token list, disable, enable, resync and remove', async () => {
      const username = await newUser();
      const { serial, secret } = JSON.parse((await ok(['--json', 'token', 'add-totp', username, '--secret', SECRET_32])).stdout) as { serial: string; secret: string };
      assert.equal(secret, SECRET_32);
      const listed = JSON.parse((await ok(['--json', 'token', 'list', username])).stdout) as { serial: string; state: string }[];
      assert.deepEqual(listed.map((t) => [t.serial, t.state]), [[serial, 'ACTIVE']]);
      assert.equal(JSON.parse((await ok(['--json', 'token', 'disable', serial])).stdout).state, 'DISABLED');
      assert.equal(JSON.parse((await ok(['--json', 'token', 'enable', serial])).stdout).state, 'ACTIVE');
      const { totpAt } = await import('../../src/security/totp.ts');
      const parameters = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
      const later = Date.now() + 5 * 30_000;
      const resynced = JSON.parse((await ok(['--json', 'token', 'resync', serial, await totpAt(SECRET_32, parameters, new Date(later)), await totpAt(SECRET_32, parameters, new Date(later + 30_000))])).stdout);
      assert.ok(resynced.driftSteps >= 4 && resynced.driftSteps <= 6, `drift ${resynced.driftSteps}`);
      assert.deepEqual(JSON.parse((await ok(['--json', 'token', 'remove', serial, '--yes'])).stdout), { serial, removed: true });
      assert.equal((await pingate(['token', 'disable', serial])).code, 3);
    });
  });
});
