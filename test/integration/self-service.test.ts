// Self-service end to end: change PIN, forgotten PIN and TOTP self-enrolment, through the pages
// over HTTP (openid-client as the relying party for enrolment during sign-in), the real database
// and a real SMTP server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { totpAt } from '../../src/security/totp.ts';
import { issueEnrolmentCode } from '../../src/usecases/admin/issue-enrolment-code.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { uniqueName, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { alertText, heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { codeIn, TestSmtpServer, withMailingServer } from '../support/smtp.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const FAILED = 'The username, PIN or tokencode is not correct. Check them and try again.';

describe('self-service', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let client: TestClient;
  withMailingServer(smtp, { selfService: { totpEnrolment: true, pinRecoveryWithEmailOnly: false, enrolmentCodeTtlHours: 72 } }, (s, c) => {
    server = s;
    client = c;
  });

  async function open(path: string) {
    const agent = new UserAgent(server.issuer);
    const page = await agent.get(`${server.issuer}/self-service/${path}`);
    return { agent, page };
  }

  async function signsInWith(user: TestUser, pin: string): Promise<boolean> {
    server.clock.advanceSeconds(30);
    const auth = await beginAuthorization(server.issuer, client);
    return (await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), pin, await user.code())).leftTo !== null;
  }

  test('change PIN: current PIN + code, then the New PIN form, then an email; the new PIN signs in', async () => {
    const user = await server.createUser();
    const { agent, page } = await open('change-pin');
    assert.equal(heading(page), 'Sign in');
    assert.match(page.url, /\/self-service\/flows\/ss_/);
    const passcode = await agent.submit(page, { username: user.username });
    assert.equal(heading(passcode), 'Enter your PIN and tokencode');
    const newPin = await agent.submit(passcode, { pin: user.pin, tokencode: await user.code() });
    assert.equal(heading(newPin), 'Choose a new PIN');
    assert.match(newPin.html, /Your new PIN must have:/);
    const refused = await agent.submit(newPin, { newPin: user.pin, confirmPin: user.pin });
    assert.equal(refused.status, 400, 'the current PIN is in the history');
    const done = await agent.submit(refused, { newPin: '602947', confirmPin: '602947' });
    assert.equal(done.status, 200);
    assert.equal(heading(done), 'Your PIN has been changed');
    const [notice] = await smtp.waitFor(user.email);
    assert.equal(notice!.subject, 'Your PIN was changed');
    assert.ok(!notice!.raw.includes('602947'));
    assert.equal(await signsInWith(user, '602947'), true);
    assert.equal(await signsInWith(user, user.pin), false, 'the old PIN no longer works');
  });

  test('change PIN with a wrong current PIN fails like a sign-in and counts toward lockout', async () => {
    const user = await server.createUser();
    const { agent, page } = await open('change-pin');
    const passcode = await agent.submit(page, { username: user.username });
    const wrong = await agent.submit(passcode, { pin: '9999', tokencode: await user.code() });
    assert.equal(wrong.status, 401);
    assert.equal(alertText(wrong), FAILED);
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 1);
  });

  test('a self-service page opened in another browser is refused', async () => {
    const { page } = await open('change-pin');
    const stranger = new UserAgent(server.issuer);
    const stolen = await stranger.get(page.url);
    assert.equal(stolen.status, 400);
  });

  test('forgotten PIN: emailed code plus the authenticator code, then a new PIN', async () => {
    const user = await server.createUser();
    const { agent, page } = await open('forgot-pin');
    const recovery = await agent.submit(page, { username: user.username });
    assert.equal(heading(recovery), 'Reset your PIN');
    assert.match(recovery.html, /If this account exists and has an email address, we sent it a code/);
    const code = codeIn((await smtp.waitFor(user.email))[0]!);

    const withoutTotp = await agent.submit(recovery, { emailCode: code, tokencode: '' });
    assert.equal(withoutTotp.status, 401, 'a mailbox alone does not reset the PIN of an account with an authenticator');
    const newPin = await agent.submit(withoutTotp, { emailCode: code, tokencode: await user.code() });
    assert.equal(heading(newPin), 'Choose a new PIN');
    const done = await agent.submit(newPin, { newPin: '385274', confirmPin: '385274' });
    assert.equal(heading(done), 'Your PIN has been changed');
    assert.equal(await signsInWith(user, '385274'), true);
  });

  test('forgotten PIN for an unknown user: the same page and notice, no email, never further', async () => {
    const before = smtp.messages.length;
    const { agent, page } = await open('forgot-pin');
    const recovery = await agent.submit(page, { username: 'nobody-here-at-all' });
    assert.equal(recovery.status, 200);
    assert.equal(heading(recovery), 'Reset your PIN');
    assert.match(recovery.html, /If this account exists/);
    const attempt = await agent.submit(recovery, { emailCode: '12345678', tokencode: '123456' });
    assert.equal(attempt.status, 401);
    assert.equal(alertText(attempt), 'A code is not correct, or it has expired. Check the latest email and your authenticator app, then try again.');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.messages.length, before);
  });

  test('forgotten PIN: an email-token account (mailbox only) and a locked account get the same page and no email', async () => {
    const emailOnly = await server.createUser({ token: 'email' });
    const locked = await server.createUser();
    for (let i = 0; i < 5; i++) await server.app.accounts.recordFailure(locked.id, server.clock.now(), server.config.lockout);
    for (const user of [emailOnly, locked]) {
      const { agent, page } = await open('forgot-pin');
      const recovery = await agent.submit(page, { username: user.username });
      assert.equal(heading(recovery), 'Reset your PIN');
      assert.match(recovery.html, /If this account exists/);
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.to(emailOnly.email).length, 0, 'the mailbox alone does not reset a PIN (pinRecoveryWithEmailOnly is off)');
    assert.equal(smtp.to(locked.email).length, 0, 'a locked account is sent nothing');
  });

  test('forgotten PIN: a wrong emailed code counts toward lockout; sending one does not', async () => {
    const user = await server.createUser();
    const { agent, page } = await open('forgot-pin');
    const recovery = await agent.submit(page, { username: user.username });
    await smtp.waitFor(user.email);
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 0, 'anyone can ask: asking is not a failure');
    await agent.submit(recovery, { emailCode: '00000000', tokencode: await user.code() });
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 1, 'a wrong code is');
  });

  test('forgotten-PIN requests never lock an account; its recovery emails are capped per hour', async () => {
    const user = await server.createUser();
    for (let i = 0; i < 7; i++) {
      const { agent, page } = await open('forgot-pin');
      const recovery = await agent.submit(page, { username: user.username });
      assert.match(recovery.html, /If this account exists/, 'every request gets the same page');
    }
    await smtp.waitFor(user.email, 3);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.to(user.email).length, 3, 'rateLimit.recoveryEmailsPerHour (3): the rest are not sent');
    const account = (await server.app.accounts.findById(user.id))!;
    assert.deepEqual([account.lockout.failures, account.lockout.lockedAt], [0, null]);
    assert.equal(await signsInWith(user, user.pin), true, 'the owner still signs in');
  });

  test('TOTP self-enrolment after the emailed code: QR page, a code from the new token, then the client', async () => {
    const username = uniqueName('enrol');
    const email = `${username}@example.com`;
    const account = await createAccount(server.app.admin, { username, email, groups: ['staff'] });
    await setPin(server.app.admin, username, '720435', { waiveChangeOnFirstUse: true });

    const auth = await beginAuthorization(server.issuer, client);
    const pinPage = await submitUsername(auth.agent, auth.page, username);
    assert.equal(heading(pinPage), 'Enter your PIN');
    const codePage = await auth.agent.submit(pinPage, { pin: '720435' });
    const code = codeIn((await smtp.waitFor(email))[0]!);
    const qrPage = await auth.agent.submit(codePage, { tokencode: code });
    assert.equal(heading(qrPage), 'Add Pingate to your authenticator app');
    assert.match(qrPage.html, /<img class="qr" src="data:image\/png;base64,/);
    const uri = /id="enrolment-uri">([^<]+)</.exec(qrPage.html)![1]!.replace(/&amp;/g, '&');
    const secret = new URL(uri).searchParams.get('secret')!;
    assert.equal((await server.app.tokens.findActiveForAccount(account.id)), null, 'not active before a code from it');

    const wrong = await auth.agent.submit(qrPage, { tokencode: '000000' });
    assert.equal(wrong.status, 401);
    const done = await auth.agent.submit(wrong, { tokencode: await totpAt(secret, { algorithm: 'SHA1', digits: 6, period: 30 }, server.clock.now()) });
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `got ${done.status} ${heading(done)}`);
    assert.deepEqual((await redeem(auth, done.leftTo!)).claims()!.amr, ['pin', 'otp', 'mfa']);
    const active = await server.app.tokens.findActiveForAccount(account.id);
    assert.equal(active?.type, 'totp');
  });

  test('TOTP self-enrolment with the helpdesk enrolment code (no email), single use', async () => {
    const username = uniqueName('nomail');
    await createAccount(server.app.admin, { username, groups: ['staff'] });
    await setPin(server.app.admin, username, '720435', { waiveChangeOnFirstUse: true });
    const { code } = await issueEnrolmentCode(server.app.admin, username);
    assert.match(code, /^\d{4}-\d{4}-\d{4}$/);

    const enrol = async (enrolmentCode: string): Promise<{ page: Page; auth: Awaited<ReturnType<typeof beginAuthorization>> }> => {
      const auth = await beginAuthorization(server.issuer, client);
      const page = await submitUsername(auth.agent, auth.page, username);
      assert.equal(heading(page), 'Set up your authenticator');
      return { auth, page: await auth.agent.submit(page, { pin: '720435', enrolmentCode }) };
    };
    const wrong = await enrol('1111-2222-3333');
    assert.equal(wrong.page.status, 401);
    const right = await enrol(code);
    assert.equal(heading(right.page), 'Add Pingate to your authenticator app');
    const again = await enrol(code);
    assert.equal(again.page.status, 401, 'the enrolment code works once');

    const secret = /id="enrolment-secret">([^<]+)</.exec(right.page.html)![1]!;
    const done = await right.auth.agent.submit(right.page, { tokencode: await totpAt(secret, { algorithm: 'SHA1', digits: 6, period: 30 }, server.clock.now()) });
    assert.ok(done.leftTo, `got ${done.status} ${alertText(done)}`);
  });
});
