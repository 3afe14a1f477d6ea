// Pingate's Keycloak authenticator (integrations/keycloak) in a real Keycloak 26, driven through
// Chromium: a realm whose browser flow is Keycloak's username form, then "Pingate PIN +
// tokencode" configured with a validate client of Pingate's. PIN + TOTP signs in; a wrong PIN
// gets Keycloak's standard message; New PIN mode shows the policy, refuses a PIN with its
// reasons, then takes the PIN twice; an email-token account answers the emailed code; a Pingate
// that cannot be reached fails the sign-in with a clear message.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { forcePinChange } from '../../src/usecases/admin/force-pin-change.ts';
import { registerServiceClient } from '../../src/usecases/admin/register-service-client.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { sharedKeycloak, type KeycloakAdmin, type RunningKeycloak } from '../support/keycloak.ts';
import { freePort, startTestServer, uniqueName, type TestServer, type TestUser } from '../support/server.ts';
import { codeIn, TestSmtpServer } from '../support/smtp.ts';

const FLOW = 'pingate-browser';

/** A realm whose browser flow asks for the username, then Pingate's passcode. */
async function createRealm(admin: KeycloakAdmin, realm: string, pingate: Record<string, string>, appUrl: string): Promise<{ clientId: string }> {
  await admin.request('POST', '', { realm, enabled: true });
  const profile = await admin.request<{ attributes: Array<{ name: string; required?: unknown }> }>('GET', `/${realm}/users/profile`);
  for (const attribute of profile.attributes) if (['firstName', 'lastName', 'email'].includes(attribute.name)) delete attribute.required;
  await admin.request('PUT', `/${realm}/users/profile`, profile);

  await admin.request('POST', `/${realm}/authentication/flows`, { alias: FLOW, providerId: 'basic-flow', topLevel: true, builtIn: false, description: 'username, then Pingate' });
  for (const provider of ['auth-username-form', 'pingate-passcode']) {
    await admin.request('POST', `/${realm}/authentication/flows/${FLOW}/executions/execution`, { provider });
  }
  const executions = await admin.request<Array<{ id: string; providerId: string; requirement: string }>>('GET', `/${realm}/authentication/flows/${FLOW}/executions`);
  for (const execution of executions) {
    await admin.request('PUT', `/${realm}/authentication/flows/${FLOW}/executions`, { ...execution, requirement: 'REQUIRED' });
  }
  const step = executions.find((e) => e.providerId === 'pingate-passcode')!;
  await admin.request('POST', `/${realm}/authentication/executions/${step.id}/config`, { alias: 'pingate', config: pingate });
  await admin.request('PUT', `/${realm}`, { realm, browserFlow: FLOW });

  const clientId = 'intranet';
  await admin.request('POST', `/${realm}/clients`, {
    clientId,
    protocol: 'openid-connect',
    publicClient: true,
    standardFlowEnabled: true,
    redirectUris: [`${appUrl}/*`],
  });
  return { clientId };
}

describe("Pingate's authenticator in Keycloak's own login", () => {
  const smtp = new TestSmtpServer();
  let keycloak: RunningKeycloak;
  let server: TestServer;
  let browser: Browser;
  let application: http.Server;
  let appUrl: string;
  const contexts: BrowserContext[] = [];
  const realms: Record<'working' | 'unreachable', { realm: string; clientId: string }> = {} as never;

  before(async () => {
    application = http.createServer((_req, res) => res.end('application'));
    await new Promise<void>((resolve) => application.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(application.address() as AddressInfo).port}`;
    await smtp.start();
    [keycloak, server, browser] = await Promise.all([sharedKeycloak(), startTestServer({ smtp: smtp.settings() }), launchBrowser()]);
    const caller = await registerServiceClient(server.app.admin, { clientId: uniqueName('keycloak-validate-'), name: 'Keycloak login', scopes: ['validate'] });
    const config = { 'pingate.url': server.issuer, 'pingate.clientId': caller.client_id, 'pingate.clientSecret': String(caller.client_secret), 'pingate.timeoutSeconds': '10' };
    const working = uniqueName('pingate-login-');
    realms.working = { realm: working, ...(await createRealm(keycloak.admin, working, config, appUrl)) };
    const unreachable = uniqueName('pingate-down-');
    realms.unreachable = { realm: unreachable, ...(await createRealm(keycloak.admin, unreachable, { ...config, 'pingate.url': `http://127.0.0.1:${await freePort()}` }, appUrl)) };
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await smtp.stop();
    application?.close();
  });

  /** The user at Keycloak (same username as at Pingate), and a browser at the realm's login. */
  async function openLogin(user: TestUser | { username: string }, which: keyof typeof realms = 'working'): Promise<Page> {
    const { realm, clientId } = realms[which];
    await keycloak.admin.request('POST', `/${realm}/users`, { username: user.username, enabled: true }).catch(() => undefined);
    const context = await browser.newContext({ viewport: { width: 800, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const url = new URL(`${keycloak.url}/realms/${realm}/protocol/openid-connect/auth`);
    url.search = new URLSearchParams({ client_id: clientId, redirect_uri: `${appUrl}/callback`, response_type: 'code', scope: 'openid', state: uniqueName('s') }).toString();
    await page.goto(url.toString());
    await page.locator('#username').fill(user.username);
    await page.locator('#kc-login').click();
    await page.locator('#passcode').waitFor();
    return page;
  }

  async function answer(page: Page, text: string): Promise<void> {
    await page.locator('#passcode').fill(text);
    await page.locator('#kc-login').click();
    await page.waitForLoadState('load');
  }

  const signedIn = (page: Page) => page.waitForURL((url) => url.toString().startsWith(`${appUrl}/callback`) && url.searchParams.has('code'), { timeout: 15_000 });

  test('PIN + TOTP: signed in to the application', async () => {
    const user = await server.createUser();
    const page = await openLogin(user);
    assert.match(await page.locator('#passcode-hint').textContent() ?? '', /PIN followed by the code/);
    await screenshot(page, 'keycloak-authenticator-passcode');
    await answer(page, `${user.pin}${await user.code()}`);
    await signedIn(page);
  });

  test("a wrong PIN: Keycloak's standard message, and the same page to try again", async () => {
    const user = await server.createUser();
    const page = await openLogin(user);
    await answer(page, `000000${await user.code()}`);
    await page.getByText('Invalid username or password.').waitFor();
    await screenshot(page, 'keycloak-authenticator-wrong');
    server.clock.advanceSeconds(30);
    await answer(page, `${user.pin}${await user.code()}`);
    await signedIn(page);
  });

  test('New PIN mode: the policy, a refused PIN with its reasons, then the PIN twice', async () => {
    const user = await server.createUser({ pin: '836194' });
    await forcePinChange(server.app.admin, { username: user.username });
    const page = await openLogin(user);
    await answer(page, `836194${await user.code()}`);
    assert.equal((await page.locator('#pingate-question').textContent())?.trim(), 'Please choose a new PIN.');
    assert.match(await page.locator('#pingate-policy').textContent() ?? '', /6 to 8 digits/);
    await answer(page, '123456');
    assert.equal((await page.locator('#pingate-question').textContent())?.trim(), 'This PIN cannot be used. Please choose another one.');
    assert.match(await page.locator('#pingate-violations').textContent() ?? '', /sequence/i);
    await screenshot(page, 'keycloak-authenticator-new-pin-refused');
    await answer(page, '592847');
    assert.equal((await page.locator('#pingate-question').textContent())?.trim(), 'Please enter the new PIN again');
    await answer(page, '592847');
    await signedIn(page);
  });

  test('email token: the PIN, then the code Pingate emailed', async () => {
    const user = await server.createUser({ token: 'email' });
    const page = await openLogin(user);
    await answer(page, user.pin);
    assert.equal((await page.locator('#pingate-question').textContent())?.trim(), 'Enter the OTP from the Email');
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    await answer(page, code);
    await signedIn(page);
  });

  test('Pingate unreachable: a clear message, and no sign-in', async () => {
    const page = await openLogin({ username: uniqueName('someone') }, 'unreachable');
    await answer(page, '720435123456');
    await page.getByText('Sign-in with your PIN and tokencode is unavailable at the moment').waitFor();
    assert.ok(!page.url().startsWith(appUrl));
  });
});
