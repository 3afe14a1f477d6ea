// After an administrator disables or deletes an account's only token, the PIN and the mailbox
// are not enough to enrol a new one: the sign-in says to contact the helpdesk, and only the
// helpdesk's enrolment code opens self-enrolment again. An account that never had a token still
// enrols by itself (configuration allowing). Through the admin API, the pages over HTTP, a real
// SMTP server and openid-client redeeming the code.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { totpAt } from '../../src/security/totp.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import { adminApi, type AdminApi } from '../support/admin-api.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { uniqueName, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { alertText, heading, submitUsername } from '../support/signin.ts';
import { codeIn, TestSmtpServer, withMailingServer } from '../support/smtp.ts';
import type { Page } from '../support/user-agent.ts';

const FAILED = 'The username, PIN or tokencode is not correct. Check them and try again.';
const totp = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

describe('self-enrolment after a token is disabled or removed', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let client: TestClient;
  let admin: AdminApi;
  let helpdesk: AdminApi;
  withMailingServer(smtp, { selfService: { totpEnrolment: true, pinRecoveryWithEmailOnly: false, enrolmentCodeTtlHours: 72 } }, (s, c) => {
    server = s;
    client = c;
  });
  before(async () => {
    admin = await adminApi(server, ['admin']);
    helpdesk = await adminApi(server, ['helpdesk']);
  });

  async function serialOf(user: TestUser): Promise<string> {
    const listed = await helpdesk.call('GET', `/accounts/${user.username}/tokens`);
    assert.equal(listed.status, 200);
    return listed.body.items[0].serial;
  }

  async function usernameStep(username: string) {
    const auth = await beginAuthorization(server.issuer, client);
    return { auth, page: await submitUsername(auth.agent, auth.page, username) };
  }

  /** The page after the username, and what a PIN (with no enrolment code) gets there. */
  async function afterRemoval(user: TestUser): Promise<void> {
    const { auth, page } = await usernameStep(user.username);
    assert.equal(page.status, 200);
    assert.equal(heading(page), 'Set up your authenticator', 'not the PIN page that emails a code');
    assert.match(page.html, /id="token-replaced">Your authenticator was disabled or removed[^<]*Contact your helpdesk/);
    const withPin = await auth.agent.submit(page, { pin: user.pin, enrolmentCode: '' });
    assert.equal(withPin.status, 401);
    assert.equal(alertText(withPin), FAILED);
    assert.doesNotMatch(withPin.html, /enrolment-secret|<img class="qr"/);
    const guessed = await auth.agent.submit(withPin, { pin: user.pin, enrolmentCode: '1234-5678-9012' });
    assert.equal(guessed.status, 401);
    assert.equal(smtp.to(user.email).length, 0, 'no code is emailed: the mailbox is not a way back');
    assert.equal(await server.app.tokens.findPendingForAccount(user.id), null, 'no token was started');
    assert.equal(await server.app.tokens.findActiveForAccount(user.id), null);
  }

  async function scanAndFinish(auth: Awaited<ReturnType<typeof beginAuthorization>>, qrPage: Page): Promise<void> {
    assert.equal(heading(qrPage), 'Add Pingate to your authenticator app');
    const secret = /id="enrolment-secret">([^<]+)</.exec(qrPage.html)![1]!;
    const done = await auth.agent.submit(qrPage, { tokencode: await totpAt(secret, totp, server.clock.now()) });
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `got ${done.status} ${heading(done)} ${alertText(done)}`);
    assert.deepEqual((await redeem(auth, done.leftTo!)).claims()!.amr, ['pin', 'otp', 'mfa']);
  }

  test('the only token disabled: signing in with the PIN offers no enrolment, only the helpdesk', async () => {
    const user = await server.createUser();
    const disabled = await admin.call('POST', `/tokens/${await serialOf(user)}/disable`);
    assert.equal(disabled.status, 200);
    await afterRemoval(user);
  });

  test('the only token deleted: the same', async () => {
    const user = await server.createUser();
    const deleted = await admin.call('DELETE', `/tokens/${await serialOf(user)}`);
    assert.equal(deleted.status, 204);
    await afterRemoval(user);
    assert.equal((await server.app.accounts.findById(user.id))!.hadToken, true, 'deleting the token kept the mark');
  });

  test('an email token removed: no code is emailed any more either', async () => {
    const user = await server.createUser({ token: 'email' });
    assert.equal((await admin.call('DELETE', `/tokens/${await serialOf(user)}`)).status, 204);
    await afterRemoval(user);
  });

  test('with the helpdesk enrolment code, the account enrols a new token and signs in', async () => {
    const user = await server.createUser();
    const oldSerial = await serialOf(user);
    assert.equal((await admin.call('POST', `/tokens/${oldSerial}/disable`)).status, 200);
    const issued = await helpdesk.call('POST', `/accounts/${user.username}/enrolment-code`);
    assert.equal(issued.status, 201);

    const { auth, page } = await usernameStep(user.username);
    assert.equal(heading(page), 'Set up your authenticator');
    const qrPage = await auth.agent.submit(page, { pin: user.pin, enrolmentCode: issued.body.code });
    await scanAndFinish(auth, qrPage);
    const active = await server.app.tokens.findActiveForAccount(user.id);
    assert.equal(active?.type, 'totp');
    assert.notEqual(active.serial, oldSerial, 'a new token, the disabled one stays disabled');
  });

  test('a brand-new account without a token still enrols after the emailed code', async () => {
    const username = uniqueName('fresh');
    const email = `${username}@example.com`;
    const account = await createAccount(server.app.admin, { username, email, groups: ['staff'] });
    await setPin(server.app.admin, username, '720435', { waiveChangeOnFirstUse: true });
    assert.equal(account.hadToken, false);

    const { auth, page } = await usernameStep(username);
    assert.equal(heading(page), 'Enter your PIN');
    const codePage = await auth.agent.submit(page, { pin: '720435' });
    const qrPage = await auth.agent.submit(codePage, { tokencode: codeIn((await smtp.waitFor(email))[0]!) });
    await scanAndFinish(auth, qrPage);
    assert.equal((await server.app.accounts.findById(account.id))!.hadToken, true, 'enrolling marked the account');
  });
});
