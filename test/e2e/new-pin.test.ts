// New PIN mode in a real browser (Chromium through playwright-core): an account with no PIN signs
// in with its tokencode, sees the PIN policy before typing, gets every reason a PIN is refused,
// chooses a PIN and reaches the client; with random PINs forced, the generated PIN is shown once
// on an uncached page. The client's redirect URI is answered in the browser and redeemed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot } from '../support/browser.ts';
import { beginInBrowser, browserSuite, claimsAtClient, type BrowserAuthorization } from '../support/browser-flow.ts';
import type { TestClient, TestServer, TestUser } from '../support/server.ts';

/** The client's authorization request in a fresh page, on the username page. */
async function openSignIn(context: BrowserContext, server: TestServer, client: TestClient): Promise<BrowserAuthorization> {
  const auth = await beginInBrowser(context, server.issuer, client);
  assert.equal(auth.firstResponse?.status(), 200);
  await auth.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  return auth;
}

/** The next response to a form posted to the interaction pages. */
function nextPost(page: Page) {
  return page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/interaction/'));
}

/** Username, then the tokencode page of an account with no PIN. */
async function toTokencodePage(page: Page, user: TestUser): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Enter your tokencode' }).waitFor();
  assert.equal(await page.getByLabel('PIN', { exact: true }).count(), 0, 'no PIN is asked of an account that has none');
}

async function submitTokencode(page: Page, user: TestUser): Promise<void> {
  await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
  await page.getByRole('button', { name: 'Continue' }).click();
}

const reachClient = claimsAtClient;

describe('New PIN mode in a real browser', () => {
  const suite = browserSuite();
  test('the New PIN form shows the policy, lists the reasons for a refused PIN, then reaches the client', async () => {
    const user = await suite.server.createUser({ pin: null });
    const auth = await openSignIn(await suite.newContext(), suite.server, suite.client);
    const { page } = auth;
    await toTokencodePage(page, user);
    await submitTokencode(page, user);

    await page.getByRole('heading', { name: 'Choose your PIN' }).waitFor();
    const policy = page.locator('#policy');
    assert.equal(await policy.isVisible(), true, 'the policy is shown before the user types');
    const rules = await policy.locator('li').allTextContents();
    assert.equal(rules[0], '6 to 8 digits');
    assert.ok(rules.includes('no sequences such as 1234, 2468 or 7654'), rules.join(' | '));
    assert.ok(rules.includes('no common PINs such as 147258 or 123123'), rules.join(' | '));
    assert.ok(rules.includes('no dates or years such as 1987 or 2512'), rules.join(' | '));
    const newPin = page.getByLabel('New PIN', { exact: true });
    const confirmPin = page.getByLabel('New PIN again', { exact: true });
    assert.equal(await newPin.getAttribute('type'), 'password');
    assert.equal(await newPin.getAttribute('inputmode'), 'numeric');
    assert.equal(await newPin.getAttribute('autocomplete'), 'new-password');
    assert.equal(await confirmPin.getAttribute('autocomplete'), 'new-password');
    assert.equal(await newPin.getAttribute('aria-describedby'), 'policy');
    assert.equal(await page.getByRole('alert').count(), 0);
    await screenshot(page, 'new-pin-form');

    await newPin.fill('123456');
    await confirmPin.fill('123456');
    const refused = nextPost(page);
    await page.getByRole('button', { name: 'Set PIN and continue' }).click();
    assert.equal((await refused).status(), 400);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await page.getByRole('heading', { name: 'Choose your PIN' }).waitFor();
    const reasons = (await alert.locator('ul.reasons li').allTextContents()).map((r) => r.trim());
    assert.deepEqual(reasons, [
      'The PIN must not be a sequence of digits such as 1234, 2468 or 7654.',
      'This PIN is one of the most commonly used PINs, which are guessed first; please choose another one.',
    ]);
    assert.match(
      (await page.getByLabel('New PIN', { exact: true }).getAttribute('aria-describedby')) ?? '',
      /\bform-message\b/,
      'the reasons are announced with the field',
    );
    assert.equal(await page.getByLabel('New PIN', { exact: true }).inputValue(), '', 'the refused PIN is not echoed back');
    await screenshot(page, 'new-pin-reasons');

    await page.getByLabel('New PIN', { exact: true }).fill('583196');
    await page.getByLabel('New PIN again', { exact: true }).fill('583196');
    await page.getByRole('button', { name: 'Set PIN and continue' }).click();
    const claims = await reachClient(auth, suite.server, suite.client, user);
    assert.deepEqual(claims.amr, ['otp'], 'only the tokencode was proven in this sign-in');
    assert.equal(claims.acr, suite.server.config.signin.acrTokencodeOnly);
    // Chromium reports any 4xx document in the console; the refused PIN's 400 is intended (and
    // asserted above), so exactly that one entry is expected and nothing else.
    const refusedPage = /^console\.error: Failed to load resource: the server responded with a status of 400 \(Bad Request\) \(http:\/\/localhost:\d+\/interaction\/[^)]+\)$/;
    assert.equal(auth.problems.filter((p) => refusedPage.test(p)).length, 1, auth.problems.join('\n'));
    assert.deepEqual(auth.problems.filter((p) => !refusedPage.test(p)), []);
  });
});

describe('New PIN mode with random PINs forced, in a real browser', () => {
  const suite = browserSuite({ pinPolicy: { forceRandomPins: true } });
  test('the generated PIN is shown on an uncached page, and the button continues to the client', async () => {
    const user = await suite.server.createUser({ pin: null });
    const context = await suite.newContext();
    const auth = await openSignIn(context, suite.server, suite.client);
    const { page } = auth;
    await toTokencodePage(page, user);
    const shown = nextPost(page);
    await submitTokencode(page, user);

    const response = await shown;
    assert.equal(response.status(), 200);
    assert.equal((await response.allHeaders())['cache-control'], 'no-store');
    await page.getByRole('heading', { name: 'Your new PIN' }).waitFor();
    const pin = page.locator('#one-time-pin');
    assert.equal(await pin.isVisible(), true);
    assert.match((await pin.textContent()) ?? '', /^\d{6}$/, 'a PIN of the generated length (6) is shown');
    await screenshot(page, 'random-pin');

    await page.getByRole('button', { name: /^I have noted my PIN/ }).click();
    const claims = await reachClient(auth, suite.server, suite.client, user);
    assert.deepEqual(claims.amr, ['otp']);
    assert.deepEqual(auth.problems, []);
  });
});
