// The account console in a real browser: sign in to it with PIN + tokencode, see your PIN, your
// token and your recent sign-ins (a failed attempt included), and replace your authenticator
// (the PIN and a code asked again, a QR code, a code from the new app); then the old app's codes
// no longer sign in and the new one's do. Each page passes the phone/desktop, light/dark checks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { totpAt } from '../../src/security/totp.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { browserSuite } from '../support/browser-flow.ts';
import { collectProblems } from '../support/browser.ts';
import { checkPage } from '../support/page-checks.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';

describe('the account console in a real browser', () => {
  const suite = browserSuite({ ui: { support: { name: 'IT Service Desk', email: 'help@example.com', phone: '', url: '' } } });

  test('sign in, see the PIN, the token and recent activity, then replace the authenticator', async () => {
    const { server } = suite;
    const user = await server.createUser();
    const context = await suite.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);

    await page.goto(`${server.issuer}/self-service`);
    await checkPage(page, 'account-signed-out');
    await page.getByRole('link', { name: 'Sign in to your account' }).click();
    await page.getByLabel('Username', { exact: true }).fill(user.username);
    await page.getByRole('button', { name: 'Continue' }).click();
    // A wrong PIN first: the console lists it.
    await page.getByLabel('PIN', { exact: true }).fill('000000');
    await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    server.clock.advanceSeconds(30);
    await page.getByLabel('PIN', { exact: true }).fill(user.pin);
    await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Your tokens' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/self-service');
    const tokens = await page.locator('li.token').allTextContents();
    assert.equal(tokens.length, 1);
    assert.match(tokens[0]!, /Authenticator app/);
    assert.match(tokens[0]!, /In use/);
    const activity = await page.locator('ul.activity li').allTextContents();
    assert.match(activity[0]!, /Signed in/, activity.join(' | '));
    assert.ok(activity.some((line) => /Failed sign-in attempt: wrong PIN/.test(line)), activity.join(' | '));
    await checkPage(page, 'account-home');

    await page.getByRole('button', { name: 'Set up a new authenticator app' }).click();
    await page.getByRole('heading', { name: 'Set up a new authenticator app' }).waitFor();
    await checkPage(page, 'account-replace-confirm');
    server.clock.advanceSeconds(30);
    await page.getByLabel('PIN', { exact: true }).fill(user.pin);
    await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await page.getByRole('button', { name: 'Set up a new authenticator app' }).click();
    await page.locator('img.qr').waitFor();
    const secret = (await page.locator('#enrolment-secret').textContent())!.trim();
    assert.notEqual(secret, user.secret);
    await checkPage(page, 'account-replace-qr');

    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Activate the new app' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.locator('#enrolment-secret').count(), 0, 'after a wrong code the key is not shown again');
    const parameters = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
    await page.getByLabel('Code from the app').fill(await totpAt(secret, parameters, server.clock.now()));
    await page.getByRole('button', { name: 'Activate the new app' }).click();
    // Whoever held the old token is signed out: this browser too.
    await page.getByRole('status').filter({ hasText: 'you were signed out everywhere' }).waitFor();
    assert.equal(await page.locator('li.token').count(), 0);
    await checkPage(page, 'account-replaced-signed-out');

    // The old app's codes no longer sign in; the new app's do, here and at an application.
    server.clock.advanceSeconds(30);
    await page.getByRole('link', { name: 'Sign in to your account' }).click();
    await page.getByLabel('Username', { exact: true }).fill(user.username);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('PIN', { exact: true }).fill(user.pin);
    await page.getByLabel('Tokencode', { exact: true }).fill(await totpAt(secret, parameters, server.clock.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your tokens' }).waitFor();
    assert.equal(await page.locator('li.token').count(), 1);
    assert.ok((await page.locator('ul.activity li').allTextContents()).some((line) => /Token removed: replaced by a new one/.test(line)));
    server.clock.advanceSeconds(30);
    const old = await beginAuthorization(server.issuer, suite.client);
    const oldAttempt = await submitPasscode(old.agent, await submitUsername(old.agent, old.page, user.username), user.pin, await user.code());
    assert.equal(oldAttempt.status, 401);
    const fresh = await beginAuthorization(server.issuer, suite.client);
    const newAttempt = await submitPasscode(fresh.agent, await submitUsername(fresh.agent, fresh.page, user.username), user.pin, await totpAt(secret, parameters, server.clock.now()));
    assert.ok(newAttempt.leftTo, 'the new authenticator signs in');
    await redeem(fresh, newAttempt.leftTo);
    assert.deepEqual(problems.filter((problem) => !/status of 40[01]/.test(problem)), []);
  });
});
