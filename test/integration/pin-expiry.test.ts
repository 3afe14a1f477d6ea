// PIN expiry end to end, each action of the policy: warn before, force a change, lock (with
// the grace period after a helpdesk unlock), or send a new random PIN by email.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { unlockAccount } from '../../src/usecases/admin/unlock-account.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { alertText, heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { TestSmtpServer } from '../support/smtp.ts';

const DAY = 86_400;

describe('PIN expiry', () => {
  const smtp = new TestSmtpServer();
  const servers: TestServer[] = [];
  before(() => smtp.start());
  after(async () => {
    for (const server of servers) await server.close();
    await smtp.stop();
  });

  async function serverWith(expiryAction: 'force-change' | 'lock' | 'send-random'): Promise<{ server: TestServer; client: TestClient }> {
    const server = await startTestServer({ smtp: smtp.settings(), pinPolicy: { expiryDays: 30, expiryWarningDays: 7, expiryAction, graceDaysAfterUnlock: 3 } });
    servers.push(server);
    return { server, client: await server.createClient() };
  }

  async function passcode(server: TestServer, client: TestClient, user: TestUser, pin = user.pin) {
    server.clock.advanceSeconds(30);
    const auth = await beginAuthorization(server.issuer, client);
    return { auth, page: await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), pin, await user.code()) };
  }

  test('by default PINs never expire: years later the PIN still signs in and nobody is warned', async () => {
    const server = await startTestServer({ smtp: smtp.settings() });
    servers.push(server);
    assert.equal(server.config.pinPolicy.expiryDays, 0);
    const client = await server.createClient();
    const user = await server.createUser();
    server.clock.advanceSeconds(3 * 365 * DAY);
    assert.ok((await passcode(server, client, user)).page.leftTo, 'no New PIN mode, no lock');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.to(user.email).length, 0, 'no expiry warning');
  });

  test('a week before expiry the user is emailed once; the sign-in itself goes on', async () => {
    const { server, client } = await serverWith('force-change');
    const user = await server.createUser();
    server.clock.advanceSeconds(25 * DAY);
    assert.ok((await passcode(server, client, user)).page.leftTo);
    const [warning] = await smtp.waitFor(user.email);
    assert.equal(warning!.subject, 'Your PIN must be changed');
    assert.match(warning!.text, /expires on .* UTC/);
    assert.ok((await passcode(server, client, user)).page.leftTo);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.to(user.email).length, 1, 'told once per PIN');
  });

  test('expiry action "lock": the expired PIN fails like a wrong one; after an unlock the grace period asks for a new PIN', async () => {
    const { server, client } = await serverWith('lock');
    const user = await server.createUser();
    server.clock.advanceSeconds(31 * DAY);
    const locked = await passcode(server, client, user);
    assert.equal(locked.page.status, 401);
    assert.equal(alertText(locked.page), 'The username, PIN or tokencode is not correct. Check them and try again.');

    const { graceUntil } = await unlockAccount(server.app.admin, user.username);
    assert.ok(Math.abs(graceUntil!.getTime() - (server.clock.now().getTime() + 3 * DAY * 1000)) < 5_000, 'three days of grace');
    const grace = await passcode(server, client, user);
    assert.equal(heading(grace.page), 'Choose a new PIN');
    const done = await grace.auth.agent.submit(grace.page, { newPin: '602947', confirmPin: '602947' });
    assert.ok(done.leftTo);
    assert.ok((await passcode(server, client, user, '602947')).page.leftTo, 'the new PIN does not expire for another 30 days');
  });

  test('expiry action "send-random": after the old PIN and a code, a new PIN is emailed, not shown', async () => {
    const { server, client } = await serverWith('send-random');
    const user = await server.createUser();
    server.clock.advanceSeconds(31 * DAY);
    const expired = await passcode(server, client, user);
    assert.equal(heading(expired.page), 'Your new PIN');
    assert.match(expired.page.html, /sent to your email address/);
    assert.doesNotMatch(expired.page.html, /one-time-pin/, 'the PIN is not on the page');
    const emails = await smtp.waitFor(user.email);
    const mail = emails.find((m) => m.subject === 'Your new PIN')!;
    const pin = /^\s+(\d+)\s*$/m.exec(mail.text)![1]!;
    const done = await expired.auth.agent.submit(expired.page, {});
    assert.ok(done.leftTo);
    assert.ok((await passcode(server, client, user, pin)).page.leftTo, 'the emailed PIN signs in');
    assert.equal((await passcode(server, client, user)).page.status, 401, 'the expired PIN no longer does');
  });
});
