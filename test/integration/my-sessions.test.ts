// "Your sessions and applications" (/self-service/sessions) over HTTP, with openid-client as the
// relying parties: one user signed in from several browsers sees them all (this one marked),
// ends another one, every other one or every one, and revokes an application's access; each
// action only after PIN + tokencode (a wrong PIN is a counted failure), each audited, and never
// on another account's records.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { startLogoutListener, type LogoutListener } from '../support/backchannel.ts';
import { beginAuthorization, redeem, type Authorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { alertText, heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { readForms, UserAgent, type Page } from '../support/user-agent.ts';

describe('your sessions and applications', () => {
  let server: TestServer;
  let client: TestClient;
  let listener: LogoutListener;
  /** Back-channel logout tokens received by the first-party client. */
  const logoutTokens = () => listener.received.get('/bcl') ?? [];

  before(async () => {
    server = await startTestServer();
    listener = await startLogoutListener();
    client = await server.createClient({ name: 'Staff portal', backchannelLogoutUri: `${listener.url}/bcl` });
  });
  after(async () => {
    listener?.close();
    await server?.close();
  });

  const sessionsUrl = () => `${server.issuer}/self-service/sessions`;

  /** A fresh code: each code is accepted once (replay guard). */
  const freshCode = async (user: TestUser) => {
    server.clock.advanceSeconds(30);
    return user.code();
  };

  interface Browser {
    readonly agent: UserAgent;
    readonly auth: Authorization;
    refreshToken: string;
    readonly sid: string;
  }

  /** A new browser signed in to `to` (the staff portal unless said), with the tokens it got. */
  async function signIn(user: TestUser, to: TestClient = client): Promise<Browser> {
    const auth = await beginAuthorization(server.issuer, to);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await freshCode(user));
    assert.ok(done.leftTo?.startsWith(to.redirectUri), `signed in: ${done.status} ${heading(done)}`);
    const tokens = await redeem(auth, done.leftTo!);
    return { agent: auth.agent, auth, refreshToken: tokens.refresh_token!, sid: String(tokens.claims()!.sid) };
  }

  /** Whether the browser's refresh token still works (keeping the newest one). */
  async function refreshes(browser: Browser): Promise<boolean> {
    try {
      const tokens = await oidc.refreshTokenGrant(browser.auth.config, browser.refreshToken);
      if (tokens.refresh_token) browser.refreshToken = tokens.refresh_token;
      return true;
    } catch {
      return false;
    }
  }

  /** The browser's next authorization request to `to`: where it lands. */
  async function nextAuthorization(browser: Browser, to: TestClient = client, extra: Record<string, string> = {}): Promise<Page> {
    return (await beginAuthorization(server.issuer, to, extra, browser.agent)).page;
  }

  /** Posts the page's form for `action` (and `target`), with `fields` (the credentials). */
  async function act(agent: UserAgent, page: Page, action: string, fields: Record<string, string> = {}, target?: string): Promise<Page> {
    const form = readForms(page.html).find((f) => f.hidden.action === action && (target === undefined || f.hidden.target === target));
    assert.ok(form, `a ${action} form on ${page.url}`);
    return agent.post(new URL(form.action, page.url).href, { ...form.hidden, ...fields });
  }

  /** Asks for `action`, then confirms it on the confirmation page with PIN + a fresh code. */
  async function confirmed(agent: UserAgent, page: Page, action: string, user: TestUser, target?: string): Promise<Page> {
    const confirm = await act(agent, page, action, {}, target);
    assert.equal(confirm.status, 200, `confirmation page: ${heading(confirm)} ${alertText(confirm)}`);
    return agent.submit(confirm, { pin: user.pin, tokencode: await freshCode(user) }, '/self-service/sessions');
  }

  const sessionItems = (page: Page) => [...page.html.matchAll(/<li class="session( current)?">/g)].map((m) => (m[1] ? 'current' : 'other'));
  const otherSessionUids = (page: Page) => readForms(page.html).filter((f) => f.hidden.action === 'end_session').map((f) => f.hidden.target!);
  const audited = async (accountId: string, event: string) => server.app.audit.query({ accountId, event, limit: 20 });

  test('the page lists both browsers signed in, marks this one, names the applications and factors, and shows no credential', async () => {
    const user = await server.createUser();
    const here = await signIn(user);
    const there = await signIn(user);
    const index = await here.agent.get(`${server.issuer}/self-service`);
    assert.match(index.html, /href="\/self-service\/sessions">Your sessions and applications</);

    const page = await here.agent.get(sessionsUrl());
    assert.equal(page.status, 200);
    assert.equal(heading(page), 'Your sessions and applications');
    assert.deepEqual(sessionItems(page), ['current', 'other'], 'this browser first, marked');
    assert.match(page.html, /This browser/);
    assert.match(page.html, /with PIN and authenticator code\./);
    assert.match(page.html, /Applications: Staff portal\./);
    assert.match(page.html, /<p class="name">Staff portal<\/p>/, 'the application is listed with its grant');
    const [uid] = otherSessionUids(page);
    assert.ok((await server.app.storage.sessions.listForAccount(user.id)).some((s) => s.uid === uid), 'the other session, by its uid');
    for (const browser of [here, there]) {
      const cookie = browser.agent.cookieValue('_session')!;
      assert.ok(cookie && !page.html.includes(cookie), 'no session cookie value (the session id) on the page');
    }
  });

  test('ending the other session: nothing without re-authentication, a wrong PIN is a counted failure, PIN + code ends it; this browser goes on', async () => {
    const user = await server.createUser();
    const here = await signIn(user);
    const there = await signIn(user);
    let page = await here.agent.get(sessionsUrl());
    const [otherUid] = otherSessionUids(page);

    const confirm = await act(here.agent, page, 'end_session', {}, otherUid);
    assert.equal(heading(confirm), 'Sign out this session');
    assert.match(confirm.html, /name="pin"/);
    assert.match(confirm.html, /name="tokencode"/);
    assert.equal(await refreshes(there), true, 'asking alone ends nothing');

    const wrong = await here.agent.submit(confirm, { pin: '999999', tokencode: await freshCode(user) }, '/self-service/sessions');
    assert.equal(wrong.status, 401);
    assert.match(alertText(wrong) ?? '', /not correct\. Nothing was changed/);
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 1, 'counted toward the lock');
    const failure = (await audited(user.id, 'signin.failure'))[0]!;
    assert.equal(failure.reason, 'wrong_pin');
    assert.equal(await refreshes(there), true);

    const before = logoutTokens().length;
    page = await here.agent.submit(wrong, { pin: user.pin, tokencode: await freshCode(user) }, '/self-service/sessions');
    assert.equal(page.status, 200);
    assert.equal(heading(page), 'Your sessions and applications');
    assert.match(page.html, /That session is signed out\./);
    assert.deepEqual(sessionItems(page), ['current']);
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 0, 'a success clears the count');

    assert.equal(await refreshes(there), false, "the other browser's refresh token stops");
    assert.equal(heading(await nextAuthorization(there)), 'Sign in', 'the other browser signs in again');
    assert.equal(await refreshes(here), true, 'this browser goes on');
    assert.ok((await nextAuthorization(here)).leftTo?.startsWith(client.redirectUri), 'single sign-on here, no page');

    const [ended] = await audited(user.id, 'sessions.ended');
    assert.deepEqual([ended!.actor, ended!.reason, ended!.details?.which, ended!.details?.session], [{ type: 'user', id: user.id }, 'user_revoked', 'one', otherUid]);
    assert.equal((await audited(user.id, 'signin.success')).some((r) => r.details?.purpose === 'sessions'), true, 'the re-authentication is audited');
    // The application of the ended session is told (back-channel logout), with its sid.
    for (let i = 0; i < 50 && logoutTokens().length === before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(logoutTokens().slice(before).map((t) => decodeJwt(t).sid), [there.sid]);
  });

  test('sign out everywhere else, then everywhere', async () => {
    const user = await server.createUser();
    const here = await signIn(user);
    const others = [await signIn(user), await signIn(user)];
    let page = await here.agent.get(sessionsUrl());
    assert.deepEqual(sessionItems(page), ['current', 'other', 'other']);

    page = await confirmed(here.agent, page, 'end_others', user);
    assert.match(page.html, /You are signed out everywhere else\./);
    assert.deepEqual(sessionItems(page), ['current']);
    for (const other of others) assert.equal(await refreshes(other), false);
    assert.equal(await refreshes(here), true);
    assert.equal((await audited(user.id, 'sessions.ended'))[0]!.details?.which, 'others');

    const out = await confirmed(here.agent, page, 'end_all', user);
    assert.equal(heading(out), 'You are signed out');
    assert.equal(await refreshes(here), false, "this browser's tokens stop too");
    assert.equal(heading(await nextAuthorization(here)), 'Sign in');
    const after = await here.agent.get(sessionsUrl());
    assert.match(after.html, /This browser is not signed in/);
    const [all] = await audited(user.id, 'sessions.ended');
    assert.deepEqual([all!.reason, all!.details?.which, all!.actor.type], ['user_revoked', 'all', 'user']);
  });

  test("revoking a third-party application's access: its refresh token fails and it must ask for consent again", async () => {
    const partner = await server.createClient({ firstParty: false, name: 'Partner portal' });
    const user = await server.createUser();
    const here = await signIn(user);
    // Offline access counts only with prompt=consent: the partner's refresh token outlives a logout.
    const auth = await beginAuthorization(server.issuer, partner, { prompt: 'consent' }, here.agent);
    assert.equal(heading(auth.page), 'Allow Partner portal?');
    const allowed = await here.agent.submit(auth.page, {}, '/consent');
    const partnerBrowser: Browser = { agent: here.agent, auth, refreshToken: (await redeem(auth, allowed.leftTo!)).refresh_token!, sid: '' };
    assert.equal(await refreshes(partnerBrowser), true);

    let page = await here.agent.get(sessionsUrl());
    assert.match(page.html, /<p class="name">Partner portal<\/p>\s*<p>You allowed it/);
    assert.match(page.html, /even after you sign out/);
    const grant = (await server.app.storage.sessions.listGrantsForAccount(user.id)).find((g) => g.clientId === partner.clientId)!;
    assert.ok(grant.scopes.includes('offline_access'));

    page = await confirmed(here.agent, page, 'revoke_application', user, partner.clientId);
    assert.match(page.html, /access is revoked/);
    assert.doesNotMatch(page.html, /Partner portal/);
    assert.equal(await refreshes(partnerBrowser), false, "the partner's refresh token stops");
    assert.equal(heading(await nextAuthorization(here, partner)), 'Allow Partner portal?', 'the partner asks for consent again');
    assert.equal(await refreshes(here), true, 'other applications keep their access');
    const [revoked] = await audited(user.id, 'grant.revoked');
    assert.deepEqual([revoked!.actor, revoked!.clientId, revoked!.reason, revoked!.details?.grants], [{ type: 'user', id: user.id }, partner.clientId, 'user_revoked', 1]);
  });

  test("another account's session or application access can never be touched", async () => {
    const victim = await server.createUser();
    const mallory = await server.createUser();
    const payroll = await server.createClient({ name: 'Payroll' });
    const victims = await signIn(victim, payroll);
    const [victimSession] = await server.app.storage.sessions.listForAccount(victim.id);
    const [victimGrant] = await server.app.storage.sessions.listGrantsForAccount(victim.id);
    const own = await signIn(mallory);
    const page = await own.agent.get(sessionsUrl());
    const csrf = readForms(page.html)[0]!.hidden.csrf!;
    for (const [action, target] of [['end_session', victimSession!.uid], ['revoke_application', victimGrant!.clientId], ['revoke_application', victimGrant!.grantId]] as const) {
      for (const credentials of [{}, { pin: mallory.pin, tokencode: await freshCode(mallory) }] as Record<string, string>[]) {
        const refused = await own.agent.post(sessionsUrl(), { csrf, action, target, ...credentials });
        assert.equal(refused.status, 404, `${action} ${JSON.stringify(Object.keys(credentials))}`);
      }
    }
    assert.equal(await refreshes(victims), true);
    assert.equal((await server.app.storage.sessions.listForAccount(victim.id)).length, 1);
  });

  test('without a signed-in session the page explains, and actions are refused; a forged form is refused', async () => {
    const stranger = new UserAgent(server.issuer);
    const page = await stranger.get(sessionsUrl());
    assert.equal(page.status, 200);
    assert.equal(heading(page), 'Your sessions and applications');
    assert.match(page.html, /This browser is not signed in/);
    assert.equal((await stranger.post(sessionsUrl(), { action: 'end_all' })).status, 403);

    const user = await server.createUser();
    const here = await signIn(user);
    await here.agent.get(sessionsUrl());
    const forged = await here.agent.post(sessionsUrl(), { csrf: 'x'.repeat(32), action: 'end_all', pin: user.pin, tokencode: await freshCode(user) });
    assert.equal(forged.status, 403, 'the CSRF token is checked');
    assert.equal(await refreshes(here), true);
  });
});
