// A real Keycloak (26, test/support/keycloak.ts) brokering to Pingate, driven through Chromium:
// an application signs in at Keycloak, which sends the browser through Pingate's pages; step-up
// with acr_values forwarded; logout started at Keycloak with its "Backchannel logout" switch off
// (the browser goes through Pingate) and on (Keycloak calls Pingate server to server); and a
// logout started at Pingate by another application, which reaches Keycloak as a back-channel
// logout token. Keycloak starts once for the file (minutes); its log is test-output/keycloak.log.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { updateAccount } from '../../src/usecases/admin/manage-account.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { enterPasscode, enterUsername } from '../support/browser-flow.ts';
import {
  createBrokeringRealm,
  keycloakLog,
  keycloakSessions,
  keycloakUser,
  setBackchannelLogout,
  sharedKeycloak,
  type BrokeringSetup,
  type RunningKeycloak,
} from '../support/keycloak.ts';
import { authorizationRequest, redeem, type AuthorizationRequest } from '../support/relying-party.ts';
import { startTestServer, uniqueName, type TestClient, type TestServer, type TestUser } from '../support/server.ts';

const PIN_OTP = 'urn:pingate:acr:pin+otp';
const OTP = 'urn:pingate:acr:otp';

interface Opened extends AuthorizationRequest {
  readonly page: Page;
  /** The page's requests since it opened (see trail). */
  readonly seen: string[];
}

describe('Keycloak brokering to Pingate', () => {
  let keycloak: RunningKeycloak;
  let server: TestServer;
  let browser: Browser;
  let setup: BrokeringSetup;
  /** The realm's issuer, where the application signs in. */
  let realmIssuer: string;
  /** Another application of Pingate's, used directly (single sign-on, logout elsewhere). */
  let portal: TestClient;
  /** Where the applications' redirect URIs point: a page that says "application". (Playwright's
   * routes do not see a redirect's target, and most of these flows end in redirects.) */
  let application: http.Server;
  /** What Pingate posted to Keycloak's back-channel logout URI, and Keycloak's answers. */
  const logoutTokens: Array<{ status: number; body: string }> = [];
  const realFetch = globalThis.fetch;
  const contexts: BrowserContext[] = [];

  before(async () => {
    application = http.createServer((_req, res) => res.end('application'));
    await new Promise<void>((resolve) => application.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(application.address() as AddressInfo).port}`;
    [keycloak, server, browser] = await Promise.all([sharedKeycloak(), startTestServer(), launchBrowser()]);

    const realm = uniqueName('pingate-');
    const broker = `${keycloak.url}/realms/${realm}/broker/pingate/endpoint`;
    const backchannelLogoutUri = `${keycloak.url}/realms/${realm}/protocol/openid-connect/logout/backchannel-logout`;
    const forKeycloak = await server.createClient({
      clientId: uniqueName('keycloak-'),
      name: 'Keycloak',
      redirectUris: [broker],
      postLogoutRedirectUris: [`${broker}/logout_response`],
      backchannelLogoutUri,
      authMethod: 'client_secret_post',
      firstParty: true,
      scopes: ['openid', 'profile', 'email', 'groups'],
    });
    portal = await server.createClient({ name: 'Portal', redirectUris: [`${appUrl}/portal/callback`], postLogoutRedirectUris: [`${appUrl}/portal/logged-out`] });
    setup = {
      realm,
      alias: 'pingate',
      pingateIssuer: server.issuer,
      pingateClient: { clientId: forKeycloak.clientId, clientSecret: forKeycloak.clientSecret! },
      app: {
        clientId: 'app',
        clientSecret: uniqueName('app-secret-0123456789-0123456789-'),
        redirectUri: `${appUrl}/app/callback`,
        postLogoutRedirectUri: `${appUrl}/app/logged-out`,
      },
    };
    await createBrokeringRealm(keycloak.admin, setup);
    realmIssuer = `${keycloak.url}/realms/${realm}`;

    // Pingate runs in this process and sends back-channel logouts with fetch: record them.
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (String(input instanceof Request ? input.url : input) === backchannelLogoutUri) {
        logoutTokens.push({ status: response.status, body: await response.clone().text() });
      }
      return response;
    };
  });

  after(async () => {
    globalThis.fetch = realFetch;
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
    // Keycloak is shared with the other Keycloak test files; it stops when the process exits.
    application?.close();
  });

  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
    contexts.push(context);
    return context;
  }

  /** `client`'s authorization request at `issuer`, opened in a new page of `context`. */
  async function open(context: BrowserContext, issuer: string, client: TestClient, params: Record<string, string> = {}): Promise<Opened> {
    const request = await authorizationRequest(issuer, client, params);
    const page = await context.newPage();
    const seen = trail(page);
    await page.goto(request.url.href);
    return { ...request, page, seen };
  }

  /** The application's authorization request at Keycloak, sent on to Pingate (kc_idp_hint). */
  const startAtApp = (context: BrowserContext, params: Record<string, string> = {}) =>
    open(context, realmIssuer, setup.app, { scope: 'openid profile email', kc_idp_hint: 'pingate', ...params });

  /** Waits until the page has reached `prefix` and answers the URL it reached. */
  async function reached(page: Page, prefix: string): Promise<string> {
    await page.waitForURL((u) => u.href.startsWith(prefix), { timeout: 30_000 }).catch(async (error: unknown) => {
      await screenshot(page, 'keycloak-stuck');
      throw new Error(`the browser did not reach ${prefix}: it is on ${page.url()} (${(error as Error).message.split('\n')[0]}); see ${keycloakLog}`);
    });
    return page.url();
  }

  /** The browser back at the application: the code redeemed at Keycloak. */
  async function atApp(auth: Opened) {
    const callback = await reached(auth.page, setup.app.redirectUri);
    assert.equal(new URL(callback).searchParams.get('error'), null, callback);
    const tokens = await redeem(auth, callback);
    const claims = tokens.claims()!;
    assert.equal(claims.iss, realmIssuer);
    return { tokens, claims };
  }

  /** On Pingate's sign-in page: username, PIN and tokencode. */
  async function signInAtPingate(page: Page, user: TestUser, pin = user.pin): Promise<void> {
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(new URL(page.url()).origin, server.issuer, 'the browser is on Pingate');
    await enterUsername(page, user.username);
    await enterPasscode(page, pin, await user.code());
  }

  /** A new user (with a one-word name) signed in to the application through Keycloak and Pingate. */
  async function signedInThroughKeycloak(context: BrowserContext) {
    const user = await server.createUser({ groups: ['staff', 'vpn-users'], displayName: 'Alice' });
    const auth = await startAtApp(context);
    await signInAtPingate(auth.page, user);
    return { user, auth, ...(await atApp(auth)) };
  }

  /** On Pingate's sign-in page, the first sign-in of a new user without a PIN: a code alone, then
   * a PIN to choose. The session it makes is urn:pingate:acr:otp. */
  async function firstSignInWithCode(page: Page) {
    const user = await server.createUser({ pin: null });
    const pin = '720435';
    await enterUsername(page, user.username);
    await page.getByLabel('Tokencode', { exact: true }).fill(await user.code());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('New PIN', { exact: true }).fill(pin);
    await page.getByLabel('New PIN again', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Set PIN and continue' }).click();
    return { user, pin };
  }

  /** That first sign-in at the portal, directly at Pingate. */
  async function codeOnlySessionAtPortal(context: BrowserContext) {
    const first = await open(context, server.issuer, portal);
    const signedIn = await firstSignInWithCode(first.page);
    const tokens = await redeem(first, await reached(first.page, portal.redirectUri));
    assert.equal(tokens.claims()!.acr, OTP);
    server.clock.advanceSeconds(30); // the code just used cannot be used again
    return signedIn;
  }

  /** The page's requests from now on, as "METHOD url", and "-> status url" for errors. */
  function trail(page: Page): string[] {
    const seen: string[] = [];
    page.on('request', (request) => seen.push(`${request.method()} ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) seen.push(`-> ${response.status()} ${response.url()}`);
    });
    return seen;
  }

  /** The URLs of the requests in `seen` that start with `prefix`. */
  const requestsTo = (seen: readonly string[], prefix: string) => seen.map((line) => line.split(' ')[1]!).filter((url) => url.startsWith(prefix));

  /** The application sends the browser to Keycloak's end_session and waits for its return. */
  async function logoutAtKeycloak(auth: Opened, idToken: string): Promise<string[]> {
    const seen = trail(auth.page);
    const url = oidc.buildEndSessionUrl(auth.config, { id_token_hint: idToken, post_logout_redirect_uri: setup.app.postLogoutRedirectUri, state: 'app-state' });
    await auth.page.goto(url.href);
    const back = new URL(await reached(auth.page, setup.app.postLogoutRedirectUri));
    assert.equal(back.searchParams.get('state'), 'app-state');
    assert.equal(await auth.page.textContent('body'), 'application');
    assert.deepEqual(seen.filter((line) => line.startsWith('->')), [], `no error on the way:\n${seen.join('\n')}`);
    return seen;
  }

  /** The next sign-in through Keycloak shows Pingate's sign-in page: signed out there too. */
  async function signInAsksAgain(context: BrowserContext): Promise<void> {
    const again = await startAtApp(context);
    await again.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(new URL(again.page.url()).origin, server.issuer);
  }

  const pingateSessions = (user: TestUser) => server.app.storage.sessions.listForAccount(user.id);
  const loggedOut = (user: TestUser) => server.app.audit.query({ event: 'session.logged_out', accountId: user.id, limit: 5 });

  async function kcSessions(user: TestUser) {
    const kcUser = await keycloakUser(keycloak.admin, setup.realm, user.username);
    assert.ok(kcUser, `Keycloak has a user ${user.username}`);
    return keycloakSessions(keycloak.admin, setup.realm, kcUser.id);
  }

  test('sign-in: the application signs in at Keycloak, the user at Pingate, without extra pages', async () => {
    const { user, claims } = await signedInThroughKeycloak(await newContext());
    assert.equal(claims.preferred_username, user.username);
    assert.equal(claims.given_name, 'Alice', 'Pingate\'s name, one word: a first name and no last name');
    assert.equal(claims.family_name, undefined);
    assert.equal(claims.email, user.email);
    assert.equal(claims.email_verified, true);
    assert.deepEqual(claims.groups, ['staff', 'vpn-users']);
    assert.equal(claims.pingate_acr, PIN_OTP);

    const kcUser = await keycloakUser(keycloak.admin, setup.realm, user.username);
    const links = await keycloak.admin.request<Array<{ identityProvider: string; userId: string; userName: string }>>('GET', `/${setup.realm}/users/${kcUser!.id}/federated-identity`);
    assert.deepEqual(links.map((l) => [l.identityProvider, l.userId, l.userName]), [['pingate', user.id, user.username]]);
    assert.equal((await pingateSessions(user)).length, 1);

    // Sync mode "Force": the next sign-in (another browser) brings Pingate's changes along.
    await updateAccount(server.app.admin, user.username, { groups: ['staff'], email: `new-${user.email}` });
    server.clock.advanceSeconds(30);
    const again = await startAtApp(await newContext());
    await signInAtPingate(again.page, user);
    const { claims: updated } = await atApp(again);
    assert.deepEqual([updated.sub, updated.groups, updated.email], [claims.sub, ['staff'], `new-${user.email}`]);
  });

  test('step-up: acr_values reaches Pingate, which asks a code-only session for PIN and tokencode', async () => {
    const context = await newContext();
    const { user, pin } = await codeOnlySessionAtPortal(context);
    const auth = await startAtApp(context, { acr_values: PIN_OTP });
    await signInAtPingate(auth.page, user, pin);
    const atPingate = new URL(requestsTo(auth.seen, `${server.issuer}/auth?`)[0]!);
    assert.equal(atPingate.searchParams.get('acr_values'), PIN_OTP, 'Keycloak forwarded acr_values');
    const { claims } = await atApp(auth);
    assert.equal(claims.pingate_acr, PIN_OTP);
    assert.equal(claims.preferred_username, user.username);
  });

  test('without acr_values a code-only Pingate session is reused: single sign-on, acr otp', async () => {
    const context = await newContext();
    await codeOnlySessionAtPortal(context);
    const { claims } = await atApp(await startAtApp(context));
    assert.equal(claims.pingate_acr, OTP, 'no page was shown: the session was reused as it is');
  });

  test('with a Keycloak session, a request with acr_values still goes to Pingate (step-up there)', async () => {
    const context = await newContext();
    const first = await startAtApp(context);
    const { user, pin } = await firstSignInWithCode(first.page);
    assert.equal((await atApp(first)).claims.pingate_acr, OTP);
    server.clock.advanceSeconds(30);

    // Without acr_values Keycloak answers from its own session.
    const plain = await startAtApp(context);
    assert.equal((await atApp(plain)).claims.pingate_acr, OTP);
    assert.deepEqual(requestsTo(plain.seen, server.issuer), [], 'Keycloak did not go to Pingate');

    // With acr_values it goes to Pingate, which asks this code-only session for PIN and code.
    const stepUp = await startAtApp(context, { acr_values: PIN_OTP });
    await signInAtPingate(stepUp.page, user, pin);
    assert.equal((await atApp(stepUp)).claims.pingate_acr, PIN_OTP);

    // Once met, the round trip through Pingate shows no page.
    const again = await startAtApp(context, { acr_values: PIN_OTP });
    assert.equal((await atApp(again)).claims.pingate_acr, PIN_OTP);
    assert.equal(requestsTo(again.seen, `${server.issuer}/auth?`).length, 1, 'through Pingate, without a page');
  });

  test('logout at Keycloak, "Backchannel logout" off: the browser goes through Pingate and back', async () => {
    const context = await newContext();
    const { user, auth, tokens } = await signedInThroughKeycloak(context);
    const sent = logoutTokens.length;
    const seen = await logoutAtKeycloak(auth, tokens.id_token!);

    const [atPingate] = requestsTo(seen, `${server.issuer}/session/end?`);
    assert.ok(atPingate, `Keycloak sent the browser to Pingate's end_session:\n${seen.join('\n')}`);
    const params = new URL(atPingate).searchParams;
    assert.equal(JSON.parse(Buffer.from(params.get('id_token_hint')!.split('.')[1]!, 'base64url').toString()).aud, setup.pingateClient.clientId);
    assert.ok(params.get('state'));
    assert.equal(params.get('post_logout_redirect_uri'), `${realmIssuer}/broker/pingate/endpoint/logout_response`);

    assert.deepEqual(await pingateSessions(user), []);
    assert.deepEqual((await loggedOut(user)).map((e) => [e.clientId, e.details?.via]), [[setup.pingateClient.clientId, 'browser']]);
    assert.deepEqual(await kcSessions(user), []);
    assert.deepEqual(logoutTokens.slice(sent), [], 'Pingate sends Keycloak no back-channel logout for the logout it asked for');
    await signInAsksAgain(context);
  });

  test('logout at Keycloak, "Backchannel logout" on: Keycloak calls Pingate server to server', async () => {
    await setBackchannelLogout(keycloak.admin, setup, true);
    try {
      const context = await newContext();
      const { user, auth, tokens } = await signedInThroughKeycloak(context);
      const sent = logoutTokens.length;
      const seen = await logoutAtKeycloak(auth, tokens.id_token!);
      assert.deepEqual(seen.filter((line) => line.includes(server.issuer)), [], 'the browser does not visit Pingate');

      assert.deepEqual(await pingateSessions(user), []);
      const audited = await loggedOut(user);
      assert.deepEqual(audited.map((e) => [e.actor.type, e.clientId, e.details?.via, e.details?.sessions]), [['client', setup.pingateClient.clientId, 'server', 1]]);
      assert.deepEqual(await kcSessions(user), []);
      assert.deepEqual(logoutTokens.slice(sent), [], 'the caller is not told about its own logout');
      await signInAsksAgain(context);
    } finally {
      await setBackchannelLogout(keycloak.admin, setup, false);
    }
  });

  test('logout started at Pingate by another application reaches Keycloak as a back-channel logout', async () => {
    const context = await newContext();
    const { user } = await signedInThroughKeycloak(context);
    // The same browser opens the portal: single sign-on at Pingate, no page.
    const other = await open(context, server.issuer, portal);
    const portalTokens = await redeem(other, await reached(other.page, portal.redirectUri));
    assert.equal((await kcSessions(user)).length, 1);
    const sent = logoutTokens.length;

    const url = oidc.buildEndSessionUrl(other.config, { id_token_hint: portalTokens.id_token!, post_logout_redirect_uri: `${new URL(portal.redirectUri).origin}/portal/logged-out` });
    await other.page.goto(url.href);
    await reached(other.page, `${new URL(portal.redirectUri).origin}/portal/logged-out`);
    assert.deepEqual(await pingateSessions(user), []);

    for (let i = 0; i < 100 && logoutTokens.length === sent; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(logoutTokens.slice(sent).map((t) => t.status), [200], `Keycloak's answers: ${JSON.stringify(logoutTokens.slice(sent))}; see ${keycloakLog}`);
    assert.deepEqual(await kcSessions(user), [], 'Keycloak ended the user session the logout token named');
  });
});
