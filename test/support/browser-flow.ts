// A relying party's authorization request opened in a real browser page: the client's redirect
// URI is answered inside the browser (nothing listens there), and the URL it reached is handed
// back so the test can redeem the code with openid-client.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import type { DeepPartial } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { collectProblems, launchBrowser } from './browser.ts';
import { authorizationRequest, redeem, type AuthorizationRequest } from './relying-party.ts';
import { startTestServer, type TestClient, type TestServer } from './server.ts';

export interface BrowserAuthorization extends AuthorizationRequest {
  readonly page: Page;
  readonly firstResponse: Response | null;
  /** Console errors, page errors and CSP violations seen on the page since it opened. */
  readonly problems: string[];
  /** Resolves with the URL of the request that reached the client's redirect URI. */
  readonly callback: Promise<string>;
}

export async function beginInBrowser(context: BrowserContext, issuer: string, client: TestClient, page?: Page): Promise<BrowserAuthorization> {
  const request = await authorizationRequest(issuer, client);
  const tab = page ?? (await context.newPage());
  const problems = collectProblems(tab);
  let reached: (url: string) => void = () => {};
  const callback = new Promise<string>((resolve) => (reached = resolve));
  await tab.route(`${new URL(client.redirectUri).origin}/**`, async (route) => {
    reached(route.request().url());
    await route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' });
  });
  const firstResponse = await tab.goto(request.url.href);
  return { ...request, page: tab, firstResponse, problems, callback };
}

/** The username page of the sign-in: types the username and waits for the next page. */
export async function enterUsername(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: /^Enter your (PIN and tokencode|passcode|tokencode)$/ }).waitFor();
}

/** The PIN and tokencode page: types both and signs in. */
export async function enterPasscode(page: Page, pin: string, code: string): Promise<void> {
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByLabel('Tokencode', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits for the browser to reach the client, redeems the code, and checks the ID token names
 * `user` for this provider and request; returns its claims for further checks. */
export async function claimsAtClient(auth: BrowserAuthorization, server: TestServer, client: TestClient, user: { id: string; username: string }) {
  const callbackUrl = await auth.callback;
  await auth.page.waitForURL((u) => u.href.startsWith(client.redirectUri));
  assert.ok(callbackUrl.startsWith(client.redirectUri), callbackUrl);
  assert.equal(await auth.page.textContent('body'), 'callback');
  const claims = (await redeem(auth, callbackUrl)).claims()!;
  assert.equal(claims.sub, user.id);
  assert.equal(claims.iss, server.issuer);
  assert.equal(claims.nonce, auth.nonce);
  assert.equal(claims.preferred_username, user.username);
  return claims;
}

export interface BrowserSuite {
  readonly browser: Browser;
  readonly server: TestServer;
  readonly client: TestClient;
  /** A new browser context (its own cookies), closed after the suite. */
  newContext(): Promise<BrowserContext>;
}

/** Registers before/after hooks in the current describe: Chromium, a provider and a first-party
 * client, and the contexts the tests open. Read the fields inside tests (they are set in before). */
export function browserSuite(overrides: DeepPartial<Config> = {}): BrowserSuite {
  const contexts: BrowserContext[] = [];
  const suite = {} as { browser: Browser; server: TestServer; client: TestClient };
  before(async () => {
    [suite.browser, suite.server] = await Promise.all([launchBrowser(), startTestServer(overrides)]);
    suite.client = await suite.server.createClient({ backchannelLogoutUri: undefined });
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await suite.browser?.close();
    await suite.server?.close();
  });
  return {
    get browser() { return suite.browser; },
    get server() { return suite.server; },
    get client() { return suite.client; },
    async newContext() {
      const context = await suite.browser.newContext({ viewport: { width: 800, height: 700 } });
      contexts.push(context);
      return context;
    },
  };
}
