// The helpdesk and administrators' console in a real browser. A helpdesk member signs in (PIN +
// tokencode, a fresh sign-in), finds a locked account, unlocks it, resets its PIN to a temporary
// one shown once, and the account's owner then signs in through New PIN mode; the helpdesk is
// refused the client pages, a known PIN and an administrator's account, whatever it posts; an
// administrator registers a client and rotates its secret (the old one stops working, the new
// one works). Every console page passes the phone/desktop, light/dark checks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { beginInBrowser, browserSuite, claimsAtClient } from '../support/browser-flow.ts';
import { collectProblems } from '../support/browser.ts';
import { checkPage, checkedPages } from '../support/page-checks.ts';
import { totpAt } from '../../src/security/totp.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import type { TestServer, TestUser } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';

const CONSOLE_PAGES = [
  'console-signed-out', 'console-accounts', 'console-account-locked', 'console-confirm-unlock', 'console-confirm-reset', 'console-temporary-pin',
  'console-audit', 'console-policy', 'console-admin-account-as-helpdesk', 'console-forbidden',
  'console-clients', 'console-confirm-register', 'console-client-secret', 'console-client', 'console-confirm-rotate', 'console-confirm-refused',
  'console-account-as-admin', 'console-totp-once', 'console-confirm-resync', 'console-enrolment-code', 'console-no-accounts',
];

/** Signs in to the console from its signed-out page, with the user's PIN and a fresh code. */
async function signInToConsole(page: Page, server: TestServer, user: TestUser): Promise<void> {
  await page.goto(`${server.issuer}/console`);
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(user.pin);
  await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
}

/** The console's CSRF token on the page shown (every console page has the sign-out form). */
const csrfOf = async (page: Page): Promise<string> => (await page.locator('form[action="/console/sign-out"] input[name=csrf]').getAttribute('value'))!;

/** Posts a console form from this browser (its cookies), as a forged or hand-made request would. */
async function post(context: BrowserContext, server: TestServer, path: string, form: Record<string, string>) {
  const response = await context.request.post(`${server.issuer}${path}`, { form, maxRedirects: 0 });
  return { status: response.status(), text: await response.text() };
}

describe('the helpdesk console in a real browser', () => {
  const suite = browserSuite({
    console: { adminGroups: ['it-admins'], helpdeskGroups: ['service-desk'], idleTimeoutMinutes: 15, maxSessionHours: 8 },
    ui: { support: { name: 'IT Service Desk', email: 'help@example.com', phone: '', url: '' } },
  });

  test('a helpdesk member unlocks a locked account and resets its PIN; the owner signs in through New PIN mode', async () => {
    const { server } = suite;
    const helpdesk = await server.createUser({ groups: ['service-desk'] });
    const owner = await server.createUser({ groups: ['staff'] });
    const administrator = await server.createUser({ groups: ['it-admins'] });
    // The owner locks the account with wrong PINs.
    for (let attempt = 0; attempt < server.config.lockout.maxFailures; attempt++) {
      const auth = await beginAuthorization(server.issuer, suite.client);
      await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, owner.username), '000000', await owner.code());
    }
    assert.ok((await server.app.accounts.findByUsername(owner.username))!.lockout.lockedAt, 'the account is locked');

    const context = await suite.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${server.issuer}/console`);
    await page.getByRole('heading', { name: 'Sign in to the helpdesk console' }).waitFor();
    await checkPage(page, 'console-signed-out');
    server.clock.advanceSeconds(30);
    await signInToConsole(page, server, helpdesk);
    assert.equal(await page.getByRole('link', { name: 'Clients' }).count(), 0, 'the helpdesk has no client pages in its navigation');

    await page.getByLabel('Search').fill(owner.username);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: owner.username }).waitFor();
    await checkPage(page, 'console-accounts');
    await page.getByRole('link', { name: owner.username }).click();
    await page.getByRole('heading', { name: owner.username, level: 1 }).waitFor();
    assert.match((await page.locator('#lock-state').innerText())!, /Locked Since .*, until .*\.\s+5 failed attempts counted\./);
    assert.equal(await page.getByRole('link', { name: 'Set a known PIN' }).count(), 0, 'no known-PIN action is offered to the helpdesk');
    assert.equal(await page.getByRole('link', { name: 'Delete the account' }).count(), 0);
    await checkPage(page, 'console-account-locked');

    await page.getByRole('link', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Unlock' }).waitFor();
    assert.match((await page.locator('#effect').textContent())!, new RegExp(`Lifts the lock on ${owner.username}`));
    await checkPage(page, 'console-confirm-unlock');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('status').filter({ hasText: 'The account was unlocked.' }).waitFor();
    assert.match((await page.locator('#lock-state').innerText())!, /Not locked\.\s+No failed attempts counted\./);

    await page.getByRole('link', { name: 'Reset the PIN' }).click();
    await page.getByRole('heading', { name: 'Reset the PIN' }).waitFor();
    assert.equal(await page.getByLabel('Generate a temporary PIN and show it to me once, to hand over').isChecked(), true);
    await checkPage(page, 'console-confirm-reset');
    await page.getByRole('button', { name: 'Reset the PIN' }).click();
    await page.getByRole('heading', { name: 'The temporary PIN' }).waitFor();
    const temporaryPin = (await page.locator('#shown-once').textContent())!.trim();
    assert.match(temporaryPin, /^\d{6,8}$/);
    await checkPage(page, 'console-temporary-pin');
    // Shown once: the account page it goes back to does not carry it, nor does the audit log.
    await page.getByRole('link', { name: 'Done' }).click();
    await page.locator('#pin-state').filter({ hasText: 'New PIN required' }).waitFor();
    assert.ok(!(await page.content()).includes(temporaryPin));

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Username').fill(owner.username);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('ul.events li').first().waitFor();
    const events = await page.locator('ul.events li').allTextContents();
    assert.match(events[0]!, /PIN reset.*pin\.reset/s);
    assert.match(events[0]!, new RegExp(`by ${helpdesk.username} in the console`));
    assert.ok(events.some((line) => /Account unlocked/.test(line) && line.includes(`by ${helpdesk.username} in the console`)), events.join(' | '));
    assert.ok(!events.join(' ').includes(temporaryPin));
    await checkPage(page, 'console-audit');
    const csv = await context.request.get(`${server.issuer}/console/audit.csv?account=${owner.username}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type']!, /^text\/csv/);
    const rows = (await csv.text()).trim().split('\r\n');
    assert.equal(rows[0], 'time,event,outcome,account,actor,reason,ip,client,details');
    assert.ok(rows.some((row) => row.includes(',pin.reset,success,') && row.includes(`console:${helpdesk.username}`) && /,(::ffff:)?127\.0\.0\.1,/.test(row)), rows.join('\n'));

    await page.getByRole('link', { name: 'PIN policy' }).click();
    await page.getByRole('heading', { name: 'Everyone' }).waitFor();
    await checkPage(page, 'console-policy');

    // The owner signs in with the temporary PIN and the tokencode, chooses a PIN, reaches the application.
    server.clock.advanceSeconds(30);
    const ownerAuth = await beginInBrowser(await suite.newContext(), server.issuer, suite.client);
    await ownerAuth.page.getByLabel('Username', { exact: true }).fill(owner.username);
    await ownerAuth.page.getByRole('button', { name: 'Continue' }).click();
    await ownerAuth.page.getByLabel('PIN', { exact: true }).fill(temporaryPin);
    await ownerAuth.page.getByLabel('Tokencode', { exact: true }).fill(await owner.code());
    await ownerAuth.page.getByRole('button', { name: 'Sign in' }).click();
    await ownerAuth.page.getByRole('heading', { name: 'Choose a new PIN' }).waitFor();
    await ownerAuth.page.getByLabel('New PIN', { exact: true }).fill('583196');
    await ownerAuth.page.getByLabel('New PIN again', { exact: true }).fill('583196');
    await ownerAuth.page.getByRole('button', { name: /PIN/ }).click();
    await claimsAtClient(ownerAuth, server, suite.client, owner);
    assert.equal((await server.app.accounts.findByUsername(owner.username))!.pin.state, 'SET');

    // Refusals: an administrator's account is shown but not changed; client pages, a known PIN
    // and admin-only actions are refused, however they are asked for.
    await page.goto(`${server.issuer}/console/accounts/${administrator.username}`);
    await page.getByText("This is an administrator's account: only an administrator can change it.").waitFor();
    assert.equal(await page.getByRole('link', { name: 'Reset the PIN' }).count(), 0);
    await checkPage(page, 'console-admin-account-as-helpdesk');
    const csrf = await csrfOf(page);
    const adminPinBefore = (await server.app.accounts.findByUsername(administrator.username))!.pin.hash;
    const resetAdmin = await post(context, server, '/console/do/reset_pin', { csrf, username: administrator.username, delivery: 'show' });
    assert.equal(resetAdmin.status, 403);
    assert.equal((await server.app.accounts.findByUsername(administrator.username))!.pin.hash, adminPinBefore, "the administrator's PIN is unchanged");
    const knownPin = await post(context, server, '/console/do/set_pin', { csrf, username: owner.username, pin: '902744' });
    assert.equal(knownPin.status, 403);
    const registered = await post(context, server, '/console/do/register_client', { csrf, client_id: 'sneaky-app', redirect_uris: 'https://sneaky.example/cb' });
    assert.equal(registered.status, 403);
    assert.equal(await server.app.clients.find('sneaky-app'), null);
    const forged = await post(context, server, '/console/do/unlock', { csrf: 'forged', username: owner.username });
    assert.equal(forged.status, 403, 'a post without the CSRF token is refused');
    for (const path of ['/console/clients', '/console/confirm/set_pin?username=' + owner.username, '/console/confirm/register_client']) {
      const response = await page.goto(`${server.issuer}${path}`);
      assert.equal(response?.status(), 403, path);
    }
    await page.getByText('Only an administrator can do this.').waitFor();
    await checkPage(page, 'console-forbidden');

    // Idle for longer than the timeout: the console asks for a new sign-in.
    server.clock.advanceSeconds(16 * 60);
    await page.goto(`${server.issuer}/console`);
    await page.getByText('You were signed out of the console after a time without activity').waitFor();
    assert.deepEqual(problems.filter((problem) => !/status of 40[0-3]/.test(problem)), []);
  });

  test('an administrator registers a client and rotates its secret', async () => {
    const { server } = suite;
    const administrator = await server.createUser({ groups: ['it-admins'] });
    const context = await suite.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    server.clock.advanceSeconds(30);
    await signInToConsole(page, server, administrator);

    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    await checkPage(page, 'console-clients');
    await page.getByRole('link', { name: 'Register an application' }).click();
    await page.getByLabel('Client ID').fill('wiki');
    await page.getByLabel('Name', { exact: true }).fill('Team wiki');
    await page.getByLabel('Redirect URIs', { exact: true }).fill('not a url');
    await checkPage(page, 'console-confirm-register');
    await page.getByRole('button', { name: 'Register' }).click();
    // A bad address: the form again, with the reason and what was typed.
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByLabel('Client ID').inputValue(), 'wiki');
    await checkPage(page, 'console-confirm-refused');
    assert.equal(await server.app.clients.find('wiki'), null);
    await page.getByLabel('Redirect URIs', { exact: true }).fill('https://wiki.example.com/oidc/callback');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'The client secret' }).waitFor();
    const firstSecret = (await page.locator('#shown-once').textContent())!.trim();
    assert.ok(firstSecret.length >= 43);
    await checkPage(page, 'console-client-secret');
    await page.getByRole('link', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Team wiki', level: 1 }).waitFor();
    await checkPage(page, 'console-client');

    await page.getByRole('link', { name: 'Rotate the secret' }).click();
    await checkPage(page, 'console-confirm-rotate');
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    await page.getByRole('heading', { name: 'The client secret' }).waitFor();
    const secondSecret = (await page.locator('#shown-once').textContent())!.trim();
    assert.notEqual(secondSecret, firstSecret);

    // At the token endpoint: the old secret is an unknown client now, the new one is accepted
    // (and only the made-up code is refused).
    const tokenRequest = (secret: string) =>
      fetch(new URL('/token', server.issuer), {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`wiki:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'made-up', redirect_uri: 'https://wiki.example.com/oidc/callback', code_verifier: 'x'.repeat(43) }),
      }).then(async (response) => (await response.json()) as { error: string });
    assert.equal((await tokenRequest(firstSecret)).error, 'invalid_client');
    assert.equal((await tokenRequest(secondSecret)).error, 'invalid_grant');
    const audit = await server.app.audit.query({ event: 'client.secret_rotated', limit: 5 });
    assert.equal(audit[0]?.actor.type, 'console');
    assert.equal(audit[0]?.actor.id, administrator.username);
    assert.deepEqual(problems.filter((problem) => !/status of 40[0-3]/.test(problem)), []);
  });

  test('an administrator assigns an authenticator app (QR code once), resynchronises it and issues an enrolment code', async () => {
    const { server } = suite;
    const administrator = await server.createUser({ groups: ['it-admins'] });
    const user = await server.createUser({ groups: ['staff'] });
    const context = await suite.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    server.clock.advanceSeconds(30);
    await signInToConsole(page, server, administrator);
    await page.getByLabel('Search').fill('no-such-account-anywhere');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No accounts match.').waitFor();
    await checkPage(page, 'console-no-accounts');

    await page.goto(`${server.issuer}/console/accounts/${user.username}`);
    await page.getByRole('link', { name: 'Set a known PIN' }).waitFor();
    await checkPage(page, 'console-account-as-admin');
    await page.getByRole('link', { name: 'Assign an authenticator app' }).click();
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.locator('img.qr').waitFor();
    const secret = (await page.locator('#shown-once').textContent())!.trim();
    assert.match(secret, /^[A-Z2-7]{26,}$/);
    await checkPage(page, 'console-totp-once');
    await page.getByRole('link', { name: 'Done' }).click();

    const tokens = await server.app.tokens.listForAccount(user.id);
    const added = tokens.find((token) => token.type === 'totp' && token.id !== tokens[0]!.id) ?? tokens.at(-1)!;
    await page.locator('ul.tokens li').filter({ hasText: added.serial }).getByRole('link', { name: 'Resynchronise' }).click();
    await page.getByRole('heading', { name: 'Resynchronise' }).waitFor();
    await checkPage(page, 'console-confirm-resync');
    // The app's clock runs three minutes fast: two codes in a row from then.
    const ahead = new Date(server.clock.now().getTime() + 180_000);
    const parameters = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
    await page.getByLabel("A code from the user's app").fill(await totpAt(secret, parameters, ahead));
    await page.getByLabel('The next code from the same app').fill(await totpAt(secret, parameters, new Date(ahead.getTime() + 30_000)));
    await page.getByRole('button', { name: 'Resynchronise' }).click();
    await page.getByRole('status').filter({ hasText: 'The token was resynchronised.' }).waitFor();
    assert.ok(((await server.app.tokens.findBySerial(added.serial))!.driftSteps ?? 0) >= 6);

    // An enrolment code is for an account without a working token: offered once both are removed.
    assert.equal(await page.getByRole('link', { name: 'Issue an enrolment code' }).count(), 0);
    for (const token of await server.app.tokens.listForAccount(user.id)) {
      await page.locator('ul.tokens li').filter({ hasText: token.serial }).getByRole('link', { name: 'Remove' }).click();
      await page.getByRole('button', { name: 'Remove the token' }).click();
      await page.getByRole('status').filter({ hasText: 'The token was removed.' }).waitFor();
    }
    assert.deepEqual(await server.app.tokens.listForAccount(user.id), []);
    await page.getByRole('link', { name: 'Issue an enrolment code' }).click();
    await page.getByRole('button', { name: 'Issue the code' }).click();
    await page.getByRole('heading', { name: 'The enrolment code' }).waitFor();
    assert.match((await page.locator('#shown-once').textContent())!.trim(), /^[0-9A-Z-]{6,}$/);
    await checkPage(page, 'console-enrolment-code');
    assert.deepEqual(problems.filter((problem) => !/status of 40[0-3]/.test(problem)), []);
  });

  test('every console page listed was checked', () => {
    assert.deepEqual(CONSOLE_PAGES.filter((name) => !checkedPages.has(name)), []);
  });
});
