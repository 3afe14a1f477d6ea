// The sign-in pages in a real browser (Chromium through playwright-core): the relying party is
// simulated with openid-client, the browser does everything a user does (types, clicks,
// follows redirects, keeps cookies), and the callback it reaches is redeemed for tokens.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedDemo, DEMO_ADMIN_GROUP, DEMO_PIN, DEMO_USERNAME } from '../../src/dev/seed-demo.ts';
import { totpAt } from '../../src/security/totp.ts';
import { collectProblems, screenshot } from '../support/browser.ts';
import { beginInBrowser, browserSuite, claimsAtClient, enterPasscode, enterUsername, type BrowserAuthorization } from '../support/browser-flow.ts';
import type { TestClient, TestServer, TestUser } from '../support/server.ts';

/** Waits for the browser to reach the client and checks the tokens its code is worth. */
async function assertSignedIn(auth: BrowserAuthorization, server: TestServer, client: TestClient, user: TestUser): Promise<void> {
  const claims = await claimsAtClient(auth, server, client, user);
  assert.deepEqual(claims.amr, ['pin', 'otp', 'mfa'], JSON.stringify(claims));
  assert.equal(claims.acr, server.config.signin.acr);
}

describe('sign-in in a real browser', () => {
  const suite = browserSuite();
  test('Cancel on the PIN page returns the user to the client with access_denied', async () => {
    const user = await suite.server.createUser();
    const auth = await beginInBrowser(await suite.newContext(), suite.server.issuer, suite.client);
    await enterUsername(auth.page, user.username);
    await auth.page.getByRole('button', { name: `Cancel and go back to ${'Test application'}` }).click();
    const back = new URL(await auth.callback);
    assert.equal(back.origin + back.pathname, suite.client.redirectUri);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), auth.state);
    assert.equal((await suite.server.app.accounts.findById(user.id))!.lockout.failures, 0, 'leaving is not a failure');
  });

  test('username, then PIN and tokencode, reach the client with valid tokens', async () => {
    const user = await suite.server.createUser();
    const auth = await beginInBrowser(await suite.newContext(), suite.server.issuer, suite.client);
    const { page } = auth;
    assert.equal(auth.firstResponse?.status(), 200);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Sign in' }).waitFor());
    assert.match(await page.title(), /Sign in · Pingate/);
    await screenshot(page, 'signin-username');

    await enterUsername(page, user.username);
    await page.getByRole('heading', { name: 'Enter your PIN and tokencode' }).waitFor();
    const tokencode = page.getByLabel('Tokencode', { exact: true });
    assert.equal(await tokencode.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await tokencode.getAttribute('inputmode'), 'numeric');
    assert.equal(await page.getByLabel('PIN', { exact: true }).getAttribute('type'), 'password');
    assert.equal(await page.evaluate<string>('document.activeElement?.id'), 'pin', 'the PIN field has focus');
    await screenshot(page, 'signin-passcode');

    await enterPasscode(page, user.pin, await user.code());
    await assertSignedIn(auth, suite.server, suite.client, user);
  });

  test('a wrong PIN shows an alert with status 401, and a retry with a fresh code succeeds', async () => {
    const user = await suite.server.createUser({ pin: '593874' });
    const auth = await beginInBrowser(await suite.newContext(), suite.server.issuer, suite.client);
    const { page } = auth;
    await enterUsername(page, user.username);

    const failed = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/interaction/'));
    await enterPasscode(page, '1111', await user.code());
    assert.equal((await failed).status(), 401);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.textContent())?.trim(), 'The username, PIN or tokencode is not correct. Check them and try again.');
    assert.equal(await page.getByLabel('PIN', { exact: true }).getAttribute('aria-describedby'), 'form-message');
    assert.equal(await page.getByLabel('PIN', { exact: true }).inputValue(), '', 'the PIN is not echoed back');
    await screenshot(page, 'signin-failed');

    suite.server.clock.advanceSeconds(30); // a TOTP step is single-use
    await enterPasscode(page, user.pin, await user.code());
    await assertSignedIn(auth, suite.server, suite.client, user);
  });

  test('the sign-in page sends security headers and renders without console errors', async () => {
    const user = await suite.server.createUser();
    let problems: string[] = [];
    const auth = await beginInBrowser(await suite.newContext(), suite.server.issuer, suite.client);
    problems = auth.problems;
    const response = auth.firstResponse;
    assert.ok(response);
    assert.match(new URL(response.url()).pathname, /^\/interaction\//);
    assert.equal(response.status(), 200);
    const headers = await response.allHeaders();
    const csp = headers['content-security-policy'];
    assert.ok(csp, 'Content-Security-Policy is set');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /default-src 'none'/);
    assert.equal(headers['cache-control'], 'no-store');
    assert.equal(headers['x-content-type-options'], 'nosniff');

    // The stylesheet was allowed by the CSP and applied.
    const background = await auth.page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    assert.equal(background, 'rgb(243, 244, 246)');

    await enterUsername(auth.page, user.username);
    await enterPasscode(auth.page, user.pin, await user.code());
    await assertSignedIn(auth, suite.server, suite.client, user);
    assert.deepEqual(problems, []);
  });

  test('a third-party client gets a consent page before the callback', async () => {
    const thirdParty = await suite.server.createClient({ firstParty: false, name: 'Partner portal', backchannelLogoutUri: undefined });
    const user = await suite.server.createUser();
    const auth = await beginInBrowser(await suite.newContext(), suite.server.issuer, thirdParty);
    const { page } = auth;
    await enterUsername(page, user.username);
    await enterPasscode(page, user.pin, await user.code());

    await page.getByRole('heading', { name: 'Allow Partner portal?' }).waitFor();
    const items = (await page.locator('ul.scopes li').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    for (const expected of ['Know who you are (a stable identifier) (sub, acr, amr, auth_time)', 'Your email address (email, email_verified)', 'The groups you belong to (groups)']) {
      assert.ok(items.includes(expected), `${expected} in ${JSON.stringify(items)}`);
    }
    const lasts = (await page.getByText(/keeps this access for/).textContent())!.replace(/\s+/g, ' ');
    // offline_access counts only with prompt=consent (OpenID Connect), which this request lacks.
    assert.match(lasts, /keeps this access for 14 days\. Signing out of Partner portal ends it, and so can your helpdesk\./);
    assert.equal(await page.getByRole('link', { name: 'Sign out' }).getAttribute('href'), '/session/end', 'a signed-in page offers a sign-out');
    await screenshot(page, 'consent');
    await page.getByRole('button', { name: 'Allow' }).click();
    await assertSignedIn(auth, suite.server, thirdParty, user);
  });
});

describe('sign-in in a real browser with a combined passcode field', () => {
  const suite = browserSuite({ signin: { passcodeField: 'combined' } });
  test('one field labelled Passcode takes the PIN and the code together', async () => {
    const user = await suite.server.createUser();
    const context = await suite.newContext();
    const auth = await beginInBrowser(context, suite.server.issuer, suite.client);
    const { page } = auth;
    await enterUsername(page, user.username);
    await page.getByRole('heading', { name: 'Enter your passcode' }).waitFor();
    const passcode = page.getByLabel('Passcode', { exact: true });
    assert.equal(await passcode.count(), 1);
    assert.equal(await page.getByLabel('PIN', { exact: true }).count(), 0);
    assert.equal(await page.getByLabel('Tokencode', { exact: true }).count(), 0);
    assert.equal(await passcode.getAttribute('type'), 'password');
    assert.equal(await passcode.getAttribute('autocomplete'), 'one-time-code');
    assert.match(await passcode.getAttribute('aria-describedby') ?? '', /passcode-hint/);
    assert.equal(await page.locator('#passcode-hint').textContent(), 'Your PIN followed by the code from your authenticator app. To change your PIN at the same time, add the new PIN twice at the end.');
    await screenshot(page, 'signin-passcode-combined');

    await passcode.fill(`${user.pin}${await user.code()}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await assertSignedIn(auth, suite.server, suite.client, user);
  });
});

describe('the demo relying party in a real browser', () => {
  const suite = browserSuite({ demo: { enabled: true } });
  test('signs in through Pingate, shows the ID token claims and signs out', async () => {
    const seed = await seedDemo(suite.server.app.admin, suite.server.issuer);
    assert.equal(seed.username, DEMO_USERNAME);
    assert.equal(seed.pin, DEMO_PIN);
    const { algorithm, digits, period } = suite.server.config.totp;
    const context = await suite.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 800, height: 900 });
    const problems = collectProblems(page);

    await page.goto(`${suite.server.issuer}/demo`);
    await page.getByRole('heading', { name: 'Demo application' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.match(await page.locator('.lead').textContent() ?? '', /Pingate demo application/);
    await enterUsername(page, seed.username);
    await enterPasscode(page, seed.pin, await totpAt(seed.totpSecret, { algorithm, digits, period }, suite.server.clock.now()));
    // The demo is a public client on a loopback address: any local program could claim to be it,
    // so the user confirms (oidc.alwaysConsentForUnassuredClients).
    await page.getByRole('heading', { name: 'Allow Pingate demo application?' }).waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.waitForURL(`${suite.server.issuer}/demo`);
    const table = page.getByRole('table', { name: 'ID token claims' });
    await table.waitFor();
    const claim = async (name: string) => JSON.parse((await page.locator(`[data-claim="${name}"]`).textContent()) ?? 'null') as unknown;
    assert.deepEqual(await claim('amr'), ['pin', 'otp', 'mfa']);
    assert.equal(await claim('acr'), suite.server.config.signin.acr);
    assert.equal(await claim('preferred_username'), DEMO_USERNAME);
    assert.deepEqual(await claim('groups'), ['staff', 'vpn-users', DEMO_ADMIN_GROUP]);
    assert.equal(await claim('iss'), suite.server.issuer);
    await screenshot(page, 'demo-claims');

    // The demo sends its ID token as id_token_hint: the logout page submits itself (a script
    // file, allowed by the page's CSP), with no question asked.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${suite.server.issuer}/demo`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('[data-claim]').count(), 0);
    assert.deepEqual(problems, []);
  });
});
