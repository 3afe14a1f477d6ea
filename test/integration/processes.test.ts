// Two provider processes (`node src/main.ts`) on one database, behind a round-robin proxy, as a
// deployment behind a load balancer runs: on SQLite they share one file, on MongoDB one
// database. The guarantees that rest on the database must hold across processes: a TOTP step
// is accepted once, the failure count stops exactly at the limit, one New PIN is stored, an
// emailed code is used once, and a sign-in may move between processes at every request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { totpAt, type TotpParameters } from '../../src/security/totp.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { enrolEmailToken } from '../../src/usecases/admin/enrol-email-token.ts';
import { enrolTotp } from '../../src/usecases/admin/enrol-totp.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import type { AdminOnDatabase } from '../support/admin-on-database.ts';
import { testBackend, uniqueName } from '../support/backends.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { startProcessPair, type ProcessPair } from '../support/process-pair.ts';
import type { RoundRobinProxy } from '../support/round-robin-proxy.ts';
import type { TestClient } from '../support/server.ts';
import { alertText, heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { codeIn, TestSmtpServer } from '../support/smtp.ts';

const backend = testBackend();

describe(`two provider processes on one ${backend} database`, () => {
  const smtp = new TestSmtpServer();
  let pair: ProcessPair;
  let proxy: RoundRobinProxy;
  let database: AdminOnDatabase;
  let client: TestClient;
  let issuer: string;

  interface User {
    readonly id: string;
    readonly username: string;
    readonly email: string;
    readonly pin: string;
    code(): Promise<string>;
  }

  async function createUser({ pin = '720435', token = 'totp' }: { pin?: string | null; token?: 'totp' | 'email' } = {}): Promise<User> {
    const { admin } = database;
    const username = uniqueName('proc');
    const email = `${username}@example.com`;
    const account = await createAccount(admin, { username, email, displayName: username, groups: ['staff'] });
    if (pin !== null) await setPin(admin, username, pin, { waiveChangeOnFirstUse: true });
    if (token === 'email') {
      await enrolEmailToken(admin, username);
      return { id: account.id, username, email, pin: pin ?? '', code: () => Promise.reject(new Error('email token')) };
    }
    const enrolled = await enrolTotp(admin, { username });
    const parameters: TotpParameters = { algorithm: enrolled.token.algorithm, digits: enrolled.token.digits, period: enrolled.token.period };
    return { id: account.id, username, email, pin: pin ?? '', code: () => totpAt(enrolled.secret, parameters, new Date()) };
  }

  const atPasscode = async (user: { username: string }) => {
    const auth = await beginAuthorization(issuer, client);
    return { auth, page: await submitUsername(auth.agent, auth.page, user.username) };
  };

  before(async () => {
    await smtp.start();
    pair = await startProcessPair('processes', {
      PINGATE_SMTP_HOST: '127.0.0.1',
      PINGATE_SMTP_PORT: String(smtp.port),
      // Above the 49 replays of the TOTP race (replays count as failures, and a lock taken by
      // them before the one right submission commits would refuse it too), below the 200 wrong PINs.
      PINGATE_LOCKOUT_MAX_FAILURES: '100',
      PINGATE_LOCKOUT_LOCK_SECONDS: '600',
      PINGATE_RATE_LIMIT_PER_IP: '1000000',
      PINGATE_RATE_LIMIT_PER_USERNAME: '1000000',
    });
    ({ proxy, database, client, issuer } = pair);
  });

  after(async () => {
    await pair?.close();
    await smtp.stop();
  });

  test('a sign-in moves between the processes at every request and completes', async () => {
    const user = await createUser();
    const before = [...proxy.counts];
    const { auth, page } = await atPasscode(user);
    const done = await submitPasscode(auth.agent, page, user.pin, await user.code());
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `got ${done.status} ${alertText(done)}`);
    const tokens = await redeem(auth, done.leftTo!);
    assert.equal(tokens.claims()!.sub, user.id);
    assert.ok(proxy.counts.every((n, i) => n > before[i]!), `both processes served the sign-in: ${proxy.counts.join(' / ')}`);
  });

  test('one TOTP code submitted by 50 sign-ins at once: exactly one succeeds', async () => {
    const user = await createUser();
    const pages = await Promise.all(Array.from({ length: 50 }, () => atPasscode(user)));
    const code = await user.code();
    const results = await Promise.all(pages.map(({ auth, page }) => submitPasscode(auth.agent, page, user.pin, code)));
    assert.equal(results.filter((r) => r.leftTo !== null).length, 1);
    assert.ok(results.filter((r) => r.leftTo === null).every((r) => r.status === 401));
  });

  test('200 wrong PINs at once: the count stops exactly at the limit (100), one lock, one email', async () => {
    const user = await createUser();
    const pages = await Promise.all(Array.from({ length: 200 }, () => atPasscode(user)));
    const code = await user.code();
    const results = await Promise.all(pages.map(({ auth, page }, i) => submitPasscode(auth.agent, page, `9${String(i).padStart(3, '0')}`, code)));
    assert.ok(results.every((r) => r.status === 401));
    const account = (await database.storage.accounts.findById(user.id))!;
    assert.equal(account.lockout.failures, 100);
    assert.ok(account.lockout.lockedAt);
    await smtp.waitFor(user.email);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.to(user.email).length, 1, 'exactly one lock notice');
  });

  test('a New PIN submitted twice at once is stored once', async () => {
    const user = await createUser({ pin: null });
    const { auth, page } = await atPasscode(user);
    const newPinPage = await auth.agent.submit(page, { tokencode: await user.code() });
    assert.equal(heading(newPinPage), 'Choose your PIN');
    const [a, b] = await Promise.all([auth.agent.submit(newPinPage, { newPin: '583196', confirmPin: '583196' }), auth.agent.submit(newPinPage, { newPin: '602947', confirmPin: '602947' })]);
    assert.equal([a, b].filter((r) => r.leftTo !== null).length, 1, `statuses ${a.status} ${b.status}`);
    assert.equal([a, b].find((r) => r.leftTo === null)!.status, 409);
    const stored = (await database.storage.accounts.findById(user.id))!.pin.hash!;
    assert.equal(await database.admin.hasher.verify(stored, a.leftTo ? '583196' : '602947'), true);
  });

  test('an emailed code submitted 10 times at once signs in once', async () => {
    const user = await createUser({ token: 'email' });
    const { auth, page } = await atPasscode(user);
    const codePage = await auth.agent.submit(page, { pin: user.pin });
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    const results = await Promise.all(Array.from({ length: 10 }, () => auth.agent.submit(codePage, { tokencode: code })));
    assert.equal(results.filter((r) => r.leftTo !== null).length, 1, results.map((r) => r.status).join(' '));
  });
});
