// Every page of sign-in, New PIN mode, emailed codes, enrolment, consent, self-service, device
// and sign-out, reached the way a user reaches it, checked at 320 px and 1280 px, light and dark
// (support/page-checks.ts): no sideways scrolling, zero axe-core violations, a screenshot each.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import { totpAt } from '../../src/security/totp.ts';
import { collectProblems, launchBrowser } from '../support/browser.ts';
import { beginInBrowser, claimsAtClient, enterPasscode, enterUsername } from '../support/browser-flow.ts';
import { checkedPages, checkPage } from '../support/page-checks.ts';
import { startTestServer, uniqueName, type TestClient, type TestServer } from '../support/server.ts';
import { codeIn, TestSmtpServer } from '../support/smtp.ts';

describe('every page fits a phone and a desktop, light and dark, with no axe-core violation', () => {
  const smtp = new TestSmtpServer();
  let browser: Browser;
  let server: TestServer;
  let client: TestClient;
  const contexts: BrowserContext[] = [];
  const newContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    contexts.push(context);
    return context;
  };
  /** Resolves with the next email to `address` (one sent after this call). */
  const nextMail = (address: string) => {
    const count = smtp.to(address).length + 1;
    return async () => (await smtp.waitFor(address, count)).at(-1)!;
  };

  before(async () => {
    await smtp.start();
    [browser, server] = await Promise.all([
      launchBrowser(),
      startTestServer({
        smtp: smtp.settings(),
        lockout: { nextTokencodeAfter: 1, maxFailures: 10 },
        emailCode: { resendCooldownSeconds: 30 },
        groupPinPolicies: { random: { forceRandomPins: true, randomPinDelivery: 'screen' } },
        ui: { support: { name: 'IT Service Desk', email: 'help@example.com', phone: '+49 30 1234 567', url: 'https://help.example.com/' } },
      }),
    ]);
    client = await server.createClient({ name: 'Payroll' });
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  test('sign-in with a PIN and TOTP: username, passcode, errors, Next Tokencode, New PIN', async () => {
    const user = await server.createUser({ changeOnFirstUse: true });
    const auth = await beginInBrowser(await newContext(), server.issuer, client);
    const page = auth.page;
    await checkPage(page, 'signin-username');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByLabel('Username', { exact: true }).getAttribute('aria-invalid'), 'true');
    await checkPage(page, 'signin-username-error');
    await enterUsername(page, user.username);
    assert.equal(await page.locator('#forgot-pin').getAttribute('href'), `/self-service/forgot-pin?return_to=${new URL(page.url()).pathname}`);
    await checkPage(page, 'signin-passcode');
    await enterPasscode(page, '000000', await user.code());
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByLabel('PIN', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.match((await page.getByLabel('PIN', { exact: true }).getAttribute('aria-describedby')) ?? '', /form-message/);
    await checkPage(page, 'signin-passcode-error');
    server.clock.advanceSeconds(30);
    await enterPasscode(page, user.pin, await user.code());
    await page.getByRole('heading', { name: 'Enter the next tokencode' }).waitFor();
    await checkPage(page, 'signin-next-tokencode');
    server.clock.advanceSeconds(30);
    await page.getByLabel('Next tokencode', { exact: true }).fill(await user.code());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose a new PIN' }).waitFor();
    assert.equal(await page.getByLabel('New PIN', { exact: true }).getAttribute('inputmode'), 'numeric');
    await checkPage(page, 'new-pin');
    await page.getByLabel('New PIN', { exact: true }).fill('1234');
    await page.getByLabel('New PIN again').fill('1234');
    await page.getByRole('button', { name: 'Set PIN and continue' }).click();
    await page.locator('ul.reasons li').first().waitFor();
    await checkPage(page, 'new-pin-refused');
    await page.getByLabel('New PIN', { exact: true }).fill('583017');
    await page.getByLabel('New PIN again').fill('583017');
    await page.getByRole('button', { name: 'Set PIN and continue' }).click();
    await claimsAtClient(auth, server, client, user);
    // Refused steps answer 400 or 401 (the browser logs those); nothing else may be reported.
    assert.deepEqual(auth.problems.filter((problem) => !/status of 40[01]/.test(problem)), []);
  });

  test('an account without a PIN: tokencode alone, then its first PIN (no history rule shown)', async () => {
    const user = await server.createUser({ pin: null });
    const auth = await beginInBrowser(await newContext(), server.issuer, client);
    await enterUsername(auth.page, user.username);
    await checkPage(auth.page, 'signin-tokencode');
    await auth.page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await auth.page.getByRole('button', { name: 'Continue' }).click();
    await auth.page.getByRole('heading', { name: 'Choose your PIN' }).waitFor();
    const rules = await auth.page.locator('#policy li').allTextContents();
    assert.ok(rules.length >= 2, rules.join(' | '));
    assert.ok(!rules.some((rule) => /previous|last \d+ PINs/.test(rule)), `a first PIN is told about history: ${rules.join(' | ')}`);
    await checkPage(auth.page, 'new-pin-first');
  });

  test('a forced random PIN is shown once, with a copy button', async () => {
    const user = await server.createUser({ groups: ['random'], pin: null });
    const auth = await beginInBrowser(await newContext(), server.issuer, client);
    await enterUsername(auth.page, user.username);
    await auth.page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await auth.page.getByRole('button', { name: 'Continue' }).click();
    await auth.page.locator('#one-time-pin').waitFor();
    // copy.js (a file loaded after the page) shows the button where the clipboard can be written.
    await auth.page.locator('[data-copy]').waitFor({ state: 'visible', timeout: 5000 });
    await checkPage(auth.page, 'random-pin');
  });

  test('an email token: PIN, then the emailed code (masked address, validity, resend countdown)', async () => {
    const user = await server.createUser({ token: 'email', email: `${uniqueName('jane')}@example.com` });
    const auth = await beginInBrowser(await newContext(), server.issuer, client);
    await auth.page.getByLabel('Username', { exact: true }).fill(user.username);
    await auth.page.getByRole('button', { name: 'Continue' }).click();
    await auth.page.getByRole('heading', { name: 'Enter your PIN' }).waitFor();
    await checkPage(auth.page, 'signin-pin');
    const mail = nextMail(user.email);
    await auth.page.getByLabel('PIN', { exact: true }).fill(user.pin);
    await auth.page.getByRole('button', { name: 'Continue' }).click();
    await auth.page.getByRole('heading', { name: 'Enter the code we emailed you' }).waitFor();
    const hint = await auth.page.locator('#tokencode-hint').textContent();
    assert.match(hint ?? '', /ja•••@example\.com/);
    assert.match(hint ?? '', /valid for 5 minutes/);
    // The countdown script (a file loaded after the page) disables the button for the cooldown.
    await auth.page.locator('#resend:disabled').waitFor({ timeout: 5000 });
    assert.match((await auth.page.locator('#resend-wait').textContent()) ?? '', /new code in \d+/);
    await checkPage(auth.page, 'email-code');
    await auth.page.getByLabel('Code from the email').fill('00000000');
    await auth.page.getByRole('button', { name: 'Sign in' }).click();
    await auth.page.getByRole('alert').waitFor();
    assert.match((await auth.page.getByRole('alert').textContent()) ?? '', /code is not correct/);
    await checkPage(auth.page, 'email-code-error');
    await auth.page.getByLabel('Code from the email').fill(codeIn(await mail()));
    await auth.page.getByRole('button', { name: 'Sign in' }).click();
    await claimsAtClient(auth, server, client, user);
  });

  test('enrolment: an enrolment code from the helpdesk, and a TOTP app added by QR code or link', async () => {
    const admin = server.app.admin;
    const withoutEmail = uniqueName('noemail');
    await createAccount(admin, { username: withoutEmail, email: null, displayName: null, groups: ['staff'] });
    await setPin(admin, withoutEmail, '720435', { waiveChangeOnFirstUse: true });
    const first = await beginInBrowser(await newContext(), server.issuer, client);
    await first.page.getByLabel('Username', { exact: true }).fill(withoutEmail);
    await first.page.getByRole('button', { name: 'Continue' }).click();
    await first.page.getByRole('heading', { name: 'Set up your authenticator' }).waitFor();
    await checkPage(first.page, 'enrolment-code');

    const withEmail = uniqueName('enrol');
    await createAccount(admin, { username: withEmail, email: `${withEmail}@example.com`, displayName: null, groups: ['staff'] });
    await setPin(admin, withEmail, '720435', { waiveChangeOnFirstUse: true });
    const auth = await beginInBrowser(await newContext(), server.issuer, client);
    await auth.page.getByLabel('Username', { exact: true }).fill(withEmail);
    await auth.page.getByRole('button', { name: 'Continue' }).click();
    const mail = nextMail(`${withEmail}@example.com`);
    await auth.page.getByLabel('PIN', { exact: true }).fill('720435');
    await auth.page.getByRole('button', { name: 'Continue' }).click();
    await auth.page.getByLabel('Code from the email').fill(codeIn(await mail()));
    await auth.page.getByRole('button', { name: 'Sign in' }).click();
    await auth.page.locator('img.qr').waitFor();
    assert.match((await auth.page.locator('#enrolment-link').getAttribute('href')) ?? '', /^otpauth:\/\/totp\//);
    await checkPage(auth.page, 'totp-enrolment');
    const secret = (await auth.page.locator('#enrolment-secret').textContent())!.trim();
    await auth.page.getByLabel('Code from the app').fill(await totpAt(secret, { algorithm: 'SHA1', digits: 6, period: 30 }, server.clock.now()));
    await auth.page.getByRole('button', { name: 'Activate and continue' }).click();
    await auth.page.waitForURL((url) => url.href.startsWith(client.redirectUri));
  });

  test('consent, the account console pages, a forgotten PIN, the error page, device and sign-out pages', async () => {
    const user = await server.createUser();
    const thirdParty = await server.createClient({ name: 'Expenses (a partner)', firstParty: false });
    const auth = await beginInBrowser(await newContext(), server.issuer, thirdParty);
    const page = auth.page;
    const problems = collectProblems(page);
    await enterUsername(page, user.username);
    await enterPasscode(page, user.pin, await user.code());
    await page.getByRole('heading', { name: /^Allow / }).waitFor();
    await checkPage(page, 'consent');
    await page.getByRole('button', { name: 'Allow' }).click();
    await auth.callback;
    await page.waitForURL((url) => url.href.startsWith(thirdParty.redirectUri));

    await page.goto(`${server.issuer}/self-service`);
    await checkPage(page, 'self-service-home');
    await page.goto(`${server.issuer}/self-service/sessions`);
    await checkPage(page, 'self-service-sessions');
    await page.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign out everywhere' }).waitFor();
    await checkPage(page, 'self-service-confirm');

    await page.goto(`${server.issuer}/self-service/change-pin`);
    await checkPage(page, 'change-pin-username');
    await page.goto(`${server.issuer}/self-service/forgot-pin`);
    await page.getByLabel('Username', { exact: true }).fill(user.username);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Reset your PIN' }).waitFor();
    await checkPage(page, 'forgot-pin-code');

    const unknown = await page.goto(`${server.issuer}/interaction/no-such-sign-in`);
    assert.equal(unknown?.status(), 400);
    await page.getByRole('heading', { name: 'This sign-in link no longer works' }).waitFor();
    assert.equal(await page.locator('#start-again').count(), 1);
    await checkPage(page, 'error-unknown-link');

    await page.goto(`${server.issuer}/device`);
    await checkPage(page, 'device-code');
    await page.goto(`${server.issuer}/session/end`);
    await checkPage(page, 'sign-out');
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
    await checkPage(page, 'signed-out');
    // The one error the browser reports is the unknown sign-in link's own 400.
    assert.deepEqual(problems.filter((problem) => !problem.includes('/interaction/no-such-sign-in')), []);
  });

  test('each page listed above was checked', () => {
    for (const name of ['signin-username', 'signin-passcode', 'signin-next-tokencode', 'new-pin', 'new-pin-refused', 'signin-tokencode', 'new-pin-first', 'random-pin',
      'signin-pin', 'email-code', 'email-code-error', 'enrolment-code', 'totp-enrolment', 'consent', 'self-service-home', 'self-service-sessions',
      'self-service-confirm', 'forgot-pin-code', 'error-unknown-link', 'device-code', 'sign-out', 'signed-out']) {
      assert.ok(checkedPages.has(name), `${name} was not checked`);
    }
  });
});
