// Self-service in a real browser (Chromium through playwright-core): change PIN and forgotten PIN
// from the /self-service page, TOTP self-enrolment during an OIDC sign-in (PIN, emailed code,
// QR page, a code from the new token), and your sessions: sign out everywhere else. Emails travel over SMTP to a real test SMTP server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpAt } from '../../src/security/totp.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import { collectProblems, launchBrowser, screenshot } from '../support/browser.ts';
import { redeem } from '../support/relying-party.ts';
import { beginInBrowser } from '../support/browser-flow.ts';
import { startTestServer, uniqueName, type TestClient, type TestServer } from '../support/server.ts';
import { codeIn, TestSmtpServer } from '../support/smtp.ts';


/** Fills the two New PIN fields and submits them. */
async function chooseNewPin(page: Page, pin: string, button = 'Set PIN and continue'): Promise<void> {
  await page.getByLabel('New PIN', { exact: true }).fill(pin);
  await page.getByLabel('New PIN again', { exact: true }).fill(pin);
  await page.getByRole('button', { name: button }).click();
}

describe('self-service in a real browser', () => {
  const smtp = new TestSmtpServer();
  let browser: Browser;
  let server: TestServer;
  let client: TestClient;
  const contexts: BrowserContext[] = [];

  /** A fresh browser context (its own cookies) and page, with its problems collected. */
  const newPage = async (): Promise<{ page: Page; problems: string[] }> => {
    const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
    contexts.push(context);
    const page = await context.newPage();
    return { page, problems: collectProblems(page) };
  };

  before(async () => {
    await smtp.start();
    [browser, server] = await Promise.all([
      launchBrowser(),
      startTestServer({
        smtp: smtp.settings(),
        selfService: { totpEnrolment: true, enrolmentCodeTtlHours: 72 },
      }),
    ]);
    client = await server.createClient({ backchannelLogoutUri: undefined });
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  /** Opens /self-service, follows one of its links and enters the username. */
  async function startFromAccountPage(page: Page, link: string, username: string): Promise<void> {
    const response = await page.goto(`${server.issuer}/self-service`);
    assert.equal(response?.status(), 200);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByRole('link', { name: link }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/self-service\/flows\/ss_/);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  test('change PIN: current PIN and tokencode, a new PIN, the done page and an email', async () => {
    const user = await server.createUser();
    const { page, problems } = await newPage();
    await startFromAccountPage(page, 'Change your PIN', user.username);

    await page.getByRole('heading', { name: 'Enter your PIN and tokencode' }).waitFor();
    await page.getByLabel('PIN', { exact: true }).fill(user.pin);
    await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Choose a new PIN' }).waitFor();
    assert.equal(await page.getByText('Your new PIN must have:').isVisible(), true);
    await screenshot(page, 'self-service-new-pin');
    await chooseNewPin(page, '602947');

    await page.getByRole('heading', { name: 'Your PIN has been changed' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Back to your account' }).getAttribute('href'), '/self-service');
    await screenshot(page, 'self-service-done');

    const [notice] = await smtp.waitFor(user.email);
    assert.equal(notice!.subject, 'Your PIN was changed');
    assert.ok(!notice!.raw.includes('602947'), 'the new PIN is not in the email');
    assert.deepEqual(problems, []);
  });

  test('forgotten PIN: the emailed code and the authenticator code, then a new PIN', async () => {
    const user = await server.createUser();
    const { page, problems } = await newPage();
    await startFromAccountPage(page, 'Forgotten your PIN?', user.username);

    await page.getByRole('heading', { name: 'Reset your PIN' }).waitFor();
    assert.match((await page.getByRole('status').textContent()) ?? '', /If this account exists and has an email address, we sent it a code/);
    await screenshot(page, 'forgot-pin');

    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    await page.getByLabel('Code from the email', { exact: true }).fill(code);
    await page.getByLabel('Code from your authenticator app', { exact: true }).fill(await user.code());
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Choose a new PIN' }).waitFor();
    await chooseNewPin(page, '385274');
    await page.getByRole('heading', { name: 'Your PIN has been changed' }).waitFor();
    assert.deepEqual(problems, []);
  });

  /** A new browser context signed in to the client with `user`'s PIN and a fresh code. */
  async function signedInBrowser(user: Awaited<ReturnType<TestServer['createUser']>>): Promise<{ page: Page; problems: string[] }> {
    const { page } = await newPage();
    const auth = await beginInBrowser(page.context(), server.issuer, client, page);
    await page.getByLabel('Username', { exact: true }).fill(user.username);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('PIN', { exact: true }).fill(user.pin);
    server.clock.advanceSeconds(30); // each code is accepted once
    await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await auth.callback;
    return { page, problems: auth.problems };
  }

  test('your sessions: two browsers listed, this one marked; sign out everywhere else after PIN + tokencode', async () => {
    const user = await server.createUser();
    const { page, problems } = await signedInBrowser(user);
    const other = await signedInBrowser(user);

    await page.goto(`${server.issuer}/self-service`);
    await page.getByRole('link', { name: 'Your sessions and applications' }).click();
    await page.getByRole('heading', { name: 'Your sessions and applications' }).waitFor();
    assert.equal(await page.locator('li.session').count(), 2);
    assert.equal(await page.locator('li.session.current').count(), 1);
    assert.match((await page.locator('li.session.current').textContent()) ?? '', /This browser/);
    assert.equal(await page.locator('li.application').count(), 1);
    await screenshot(page, 'self-service-sessions');

    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page.getByRole('heading', { name: 'Sign out everywhere else' }).waitFor();
    await page.getByLabel('PIN', { exact: true }).fill(user.pin);
    server.clock.advanceSeconds(30);
    await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await screenshot(page, 'self-service-sessions-confirm');
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();

    await page.getByText('You are signed out everywhere else.').waitFor();
    assert.equal(await page.locator('li.session').count(), 1);
    assert.equal(await page.locator('li.session.current').count(), 1);
    // The other browser is signed out: its next visit to the page finds no session.
    await other.page.goto(`${server.issuer}/self-service/sessions`);
    await other.page.getByText('This browser is not signed in').waitFor();
    assert.deepEqual(problems, []);
    assert.deepEqual(other.problems, []);
  });

  test('TOTP self-enrolment during a sign-in: PIN, emailed code, QR page, a code from the new token, then the client', async () => {
    const username = uniqueName('enrol');
    const email = `${username}@example.com`;
    const account = await createAccount(server.app.admin, { username, email, groups: ['staff'] });
    await setPin(server.app.admin, username, '720435', { waiveChangeOnFirstUse: true });

    // The relying party's authorization request, answered by this page at the redirect URI.
    const { page: tab } = await newPage();
    const auth = await beginInBrowser(tab.context(), server.issuer, client, tab);
    const { page, problems, callback } = auth;
    assert.equal(auth.firstResponse?.status(), 200);

    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Enter your PIN' }).waitFor();
    await page.getByLabel('PIN', { exact: true }).fill('720435');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Enter the code we emailed you' }).waitFor();
    const code = codeIn((await smtp.waitFor(email))[0]!);
    await page.getByLabel('Code from the email', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Add Pingate to your authenticator app' }).waitFor();
    const qr = page.locator('img.qr');
    assert.equal(await qr.isVisible(), true);
    assert.equal(await qr.getAttribute('alt'), 'QR code to add this account to an authenticator app');
    const loaded = await page.evaluate<{ complete: boolean; width: number; height: number } | null>(
      `(() => { const img = document.querySelector('img.qr'); return img ? { complete: img.complete, width: img.naturalWidth, height: img.naturalHeight } : null; })()`,
    );
    assert.ok(loaded && loaded.complete && loaded.width > 0 && loaded.height > 0, `the QR image loaded: ${JSON.stringify(loaded)}`);
    await screenshot(page, 'totp-enrolment-qr');

    const secretField = page.locator('#enrolment-secret');
    assert.equal(await secretField.isVisible(), false, 'the key is folded away until asked for');
    await page.getByText('Cannot scan? Enter the key by hand').click();
    await secretField.waitFor({ state: 'visible' });
    const secret = ((await secretField.textContent()) ?? '').trim();
    assert.match(secret, /^[A-Z2-7]+=*$/, `a base32 key: ${secret}`);
    assert.equal(await server.app.tokens.findActiveForAccount(account.id), null, 'not active before a code from it');

    await page.getByLabel('Code from the app', { exact: true }).fill(await totpAt(secret, { algorithm: 'SHA1', digits: 6, period: 30 }, server.clock.now()));
    await page.getByRole('button', { name: 'Activate and continue' }).click();

    const callbackUrl = await callback;
    await page.waitForURL((u) => u.href.startsWith(client.redirectUri));
    assert.ok(callbackUrl.startsWith(client.redirectUri), callbackUrl);
    const tokens = await redeem(auth, callbackUrl);
    const claims = tokens.claims()!;
    assert.equal(claims.sub, account.id);
    assert.equal(claims.preferred_username, username);
    assert.deepEqual(claims.amr, ['pin', 'otp', 'mfa']);
    assert.equal((await server.app.tokens.findActiveForAccount(account.id))?.type, 'totp');
    assert.deepEqual(problems, []);
  });
});
