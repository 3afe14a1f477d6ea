// On-demand emailed tokencodes end to end: openid-client as the relying party, the real
// database and a real SMTP server in the test process (nodemailer -> SMTP -> smtp-server).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import type { TestClient, TestServer, TestUser } from '../support/server.ts';
import { alertText, heading, submitUsername } from '../support/signin.ts';
import { codeIn, TestSmtpServer, withMailingServer } from '../support/smtp.ts';

const FAILED = 'The username, PIN or tokencode is not correct. Check them and try again.';
/** On the emailed-code page the PIN was already right: the message names the code alone. */
const CODE_FAILED = 'This code is not correct, or it has expired. Use the code in the latest email we sent you, or send a new one.';

describe('emailed tokencodes', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let client: TestClient;
  withMailingServer(smtp, { emailCode: { length: 8, ttlSeconds: 300, resendCooldownSeconds: 30, maxSends: 3, invalidatePrevious: true } }, (s, c) => {
    server = s;
    client = c;
  }, { name: 'Payroll' });

  async function toPinPage(user: TestUser) {
    const auth = await beginAuthorization(server.issuer, client);
    const page = await submitUsername(auth.agent, auth.page, user.username);
    return { auth, page };
  }

  test('PIN, then the emailed code, then the client', async () => {
    const user = await server.createUser({ token: 'email' });
    const { auth, page } = await toPinPage(user);
    assert.equal(heading(page), 'Enter your PIN');
    assert.equal(smtp.to(user.email).length, 0, 'nothing is sent before the PIN is right');

    const codePage = await auth.agent.submit(page, { pin: user.pin });
    assert.equal(codePage.status, 200);
    assert.equal(heading(codePage), 'Enter the code we emailed you');
    assert.match(codePage.html, /We sent a code to your email address/);

    const [email] = await smtp.waitFor(user.email);
    assert.equal(email!.subject, 'Your sign-in code for Payroll');
    const code = codeIn(email!);
    assert.match(code, /^\d{8}$/);
    assert.match(email!.text, /valid for 5 minutes/);
    assert.match(email!.text, /Payroll/);
    assert.match(email!.html, new RegExp(code));
    assert.ok(!email!.raw.includes(user.pin), 'the PIN is never emailed');

    const done = await auth.agent.submit(codePage, { tokencode: code }, `/interaction/${new URL(codePage.url).pathname.split('/')[2]}`);
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `got ${done.status} ${heading(done)} ${alertText(done)}`);
    const claims = (await redeem(auth, done.leftTo!)).claims()!;
    assert.deepEqual(claims.amr, ['pin', 'otp', 'mfa']);
    assert.equal(claims.acr, server.config.signin.acrEmailCode, 'an emailed code has its own acr, below an authenticator app');
    assert.equal(claims.sub, user.id);
  });

  test('a client that asks for an authenticator app gets unmet_authentication_requirements after an emailed code', async () => {
    const user = await server.createUser({ token: 'email' });
    const auth = await beginAuthorization(server.issuer, client, { acr_values: server.config.signin.acr });
    const codePage = await auth.agent.submit(await submitUsername(auth.agent, auth.page, user.username), { pin: user.pin });
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    const done = await auth.agent.submit(codePage, { tokencode: code }, `/interaction/${new URL(codePage.url).pathname.split('/')[2]}`);
    const back = new URL(done.leftTo ?? 'http://x/');
    assert.equal(back.origin + back.pathname, client.redirectUri, `got ${done.status} ${heading(done)}`);
    assert.equal(back.searchParams.get('error'), 'unmet_authentication_requirements');
    assert.equal(back.searchParams.has('code'), false);
  });

  test('a wrong PIN sends no email and gets the usual answer', async () => {
    const user = await server.createUser({ token: 'email' });
    const { auth, page } = await toPinPage(user);
    const wrong = await auth.agent.submit(page, { pin: '0000' });
    assert.equal(wrong.status, 401);
    assert.equal(alertText(wrong), FAILED);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.to(user.email).length, 0);
  });

  test('a wrong code, then the right one', async () => {
    const user = await server.createUser({ token: 'email' });
    const { auth, page } = await toPinPage(user);
    const codePage = await auth.agent.submit(page, { pin: user.pin });
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    const wrong = await auth.agent.submit(codePage, { tokencode: code === '00000000' ? '11111111' : '00000000' }, '');
    assert.equal(wrong.status, 401);
    assert.equal(alertText(wrong), CODE_FAILED);
    const done = await auth.agent.submit(wrong, { tokencode: code });
    assert.ok(done.leftTo, 'the right code still works after a wrong one');
  });

  test('an expired code is refused with the usual answer', async () => {
    const user = await server.createUser({ token: 'email' });
    const { auth, page } = await toPinPage(user);
    const codePage = await auth.agent.submit(page, { pin: user.pin });
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    server.clock.advanceSeconds(301);
    try {
      const late = await auth.agent.submit(codePage, { tokencode: code });
      assert.equal(late.status, 401);
      assert.equal(alertText(late), CODE_FAILED);
    } finally {
      server.clock.advanceSeconds(-301);
    }
  });

  test('a code is single use and bound to its sign-in', async () => {
    const user = await server.createUser({ token: 'email' });
    const first = await toPinPage(user);
    const codePage = await first.auth.agent.submit(first.page, { pin: user.pin });
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    assert.ok((await first.auth.agent.submit(codePage, { tokencode: code })).leftTo);
    // Submitting it again to the finished sign-in is refused.
    const again = await first.auth.agent.post(codePage.url, { csrf: /name="csrf" value="([^"]+)"/.exec(codePage.html)![1]!, tokencode: code });
    assert.notEqual(again.leftTo?.startsWith(client.redirectUri), true);
    // And in a new sign-in it is not valid either: that sign-in has its own code.
    const second = await toPinPage(user);
    const secondCodePage = await second.auth.agent.submit(second.page, { pin: user.pin });
    await smtp.waitFor(user.email, 2);
    const reused = await second.auth.agent.submit(secondCodePage, { tokencode: code });
    assert.equal(reused.status, 401);
    assert.equal(alertText(reused), CODE_FAILED);
  });

  test('resend: refused during the cooldown, then a new code that replaces the old one', async () => {
    const user = await server.createUser({ token: 'email' });
    const { auth, page } = await toPinPage(user);
    const codePage = await auth.agent.submit(page, { pin: user.pin });
    const firstCode = codeIn((await smtp.waitFor(user.email))[0]!);

    const tooSoon = await auth.agent.submit(codePage, { action: 'resend' });
    assert.equal(tooSoon.status, 400);
    assert.match(alertText(tooSoon) ?? '', /Wait a little/);
    assert.equal(smtp.to(user.email).length, 1);

    server.clock.advanceSeconds(31);
    const resent = await auth.agent.submit(tooSoon, { action: 'resend' });
    assert.equal(resent.status, 200);
    assert.match(resent.html, /We sent a new code/);
    const secondCode = codeIn((await smtp.waitFor(user.email, 2))[1]!);

    if (secondCode !== firstCode) {
      const old = await auth.agent.submit(resent, { tokencode: firstCode });
      assert.equal(old.status, 401, 'the first code was replaced');
    }
    const done = await auth.agent.submit(resent, { tokencode: secondCode });
    assert.ok(done.leftTo);
  });

  test('resend is capped per sign-in', async () => {
    const user = await server.createUser({ token: 'email' });
    const { auth, page } = await toPinPage(user);
    let current = await auth.agent.submit(page, { pin: user.pin });
    for (let i = 0; i < 2; i++) {
      server.clock.advanceSeconds(31);
      current = await auth.agent.submit(current, { action: 'resend' });
      assert.equal(current.status, 200);
    }
    server.clock.advanceSeconds(31);
    const capped = await auth.agent.submit(current, { action: 'resend' });
    assert.match(alertText(capped) ?? '', /No more codes/);
    assert.equal((await smtp.waitFor(user.email, 3)).length, 3);
  });

  test('SMTP down: a clear message, no failure counted; SMTP back: resend works', async () => {
    const user = await server.createUser({ token: 'email' });
    const port = smtp.port;
    await smtp.stop();
    try {
      const { auth, page } = await toPinPage(user);
      const down = await auth.agent.submit(page, { pin: user.pin });
      assert.equal(down.status, 503);
      assert.match(alertText(down) ?? '', /could not send your code/);
      assert.doesNotMatch(down.html, /ECONNREFUSED|Error:|at /, 'no technical detail shown');
      assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 0, 'not counted against the user');

      await smtp.start(port);
      const resent = await auth.agent.submit(down, { action: 'resend' });
      assert.equal(resent.status, 200, alertText(resent) ?? '');
      const code = codeIn((await smtp.waitFor(user.email))[0]!);
      const done = await auth.agent.submit(resent, { tokencode: code });
      assert.ok(done.leftTo);
    } finally {
      if (smtp.port !== port || !smtp.messages) await smtp.start(port).catch(() => undefined);
    }
  });

  test('an email account without a PIN gets a code straight away, then sets a PIN', async () => {
    const user = await server.createUser({ token: 'email', pin: null });
    const { auth, page } = await toPinPage(user);
    assert.equal(heading(page), 'Enter the code we emailed you');
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    const newPinPage = await auth.agent.submit(page, { tokencode: code });
    assert.equal(heading(newPinPage), 'Choose your PIN');
    const done = await auth.agent.submit(newPinPage, { newPin: '583196', confirmPin: '583196' });
    assert.ok(done.leftTo);
    const changed = await smtp.waitFor(user.email, 2);
    assert.equal(changed[1]!.subject, 'Your PIN was changed');
    assert.match(changed[1]!.text, /Payroll/);
  });
});
