// Logout as relying parties that are themselves identity providers (Keycloak) need it:
//  - an RP-initiated logout sends back-channel logout tokens to the session's other clients,
//    never to the client that started it;
//  - an id_token_hint naming the browser's session signs out without a confirmation page;
//  - a server-to-server end_session (no cookie) with a valid id_token_hint ends the session the
//    hint's sid names, its tokens stop, and the session's other clients are told.
// Each logout is audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startLogoutListener, type LogoutListener } from '../support/backchannel.ts';
import { beginAuthorization, redeem, type Authorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { readForms, type UserAgent } from '../support/user-agent.ts';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describe('logout', () => {
  let server: TestServer;
  let listener: LogoutListener;
  /** Logout tokens received, by the path they were posted to (one path per client). */
  let received: Map<string, string[]>;
  let listenerUrl: string;

  before(async () => {
    server = await startTestServer();
    listener = await startLogoutListener();
    ({ received, url: listenerUrl } = listener);
  });
  after(async () => {
    listener?.close();
    await server?.close();
  });

  /** A client with its own back-channel logout path on the listener. */
  async function clientWithBackchannel(): Promise<TestClient & { path: string }> {
    const path = `/bcl/${Math.random().toString(36).slice(2)}`;
    const client = await server.createClient({ backchannelLogoutUri: `${listenerUrl}${path}` });
    return { ...client, path };
  }

  /** One browser signed in to `first`, then (single sign-on, no page) to `second`. */
  async function signedInToTwo(user: TestUser, first: TestClient, second: TestClient) {
    const auth = await beginAuthorization(server.issuer, first);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    assert.ok(done.leftTo, `sign-in: ${heading(done)}`);
    const firstTokens = await redeem(auth, done.leftTo);
    const other = await beginAuthorization(server.issuer, second, {}, auth.agent);
    assert.ok(other.page.leftTo, 'single sign-on to the second client');
    const secondTokens = await redeem(other, other.page.leftTo);
    server.clock.advanceSeconds(30);
    return { agent: auth.agent, auth, other, firstTokens, secondTokens };
  }

  const waitForTokens = async (path: string, count = 1) => {
    for (let i = 0; i < 60 && (received.get(path)?.length ?? 0) < count; i++) await new Promise((r) => setTimeout(r, 50));
    return received.get(path) ?? [];
  };

  async function verifyLogoutToken(token: string, client: TestClient) {
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(`${server.issuer}/jwks`)), { issuer: server.issuer, audience: client.clientId });
    assert.equal(protectedHeader.typ, 'logout+jwt');
    assert.deepEqual(payload.events, { [BACKCHANNEL_EVENT]: {} });
    assert.ok(payload.jti && payload.iat && payload.sid);
    assert.equal((payload as { nonce?: unknown }).nonce, undefined, 'a logout token has no nonce');
    return payload;
  }

  const sidOf = (idToken: string) => (JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

  async function sessionEnded(agent: UserAgent, client: TestClient, auth: Authorization, refreshToken: string) {
    const again = await beginAuthorization(server.issuer, client, {}, agent);
    assert.equal(again.page.leftTo, null, 'the browser must sign in again');
    await assert.rejects(oidc.refreshTokenGrant(auth.config, refreshToken), (e: { error?: string }) => e.error === 'invalid_grant');
  }

  test('RP-initiated logout: the other client is told, the one that asked is not; the hint skips the confirmation', async () => {
    const [keycloak, wiki] = [await clientWithBackchannel(), await clientWithBackchannel()];
    const user = await server.createUser();
    const { agent, auth, firstTokens, secondTokens } = await signedInToTwo(user, keycloak, wiki);

    const url = oidc.buildEndSessionUrl(auth.config, { id_token_hint: firstTokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:9999/logged-out', state: 'kc-state' });
    const page = await agent.get(url.href);
    assert.equal(page.status, 200);
    assert.match(page.html, /<form data-auto-submit /, 'the page submits itself');
    assert.match(page.html, /<script src="\/static\/auto-submit.js"><\/script>/);
    assert.doesNotMatch(page.html, /No, stay signed in/, 'no question is asked');
    // What the script does: submit the form as it is, logout=yes included.
    const [form] = readForms(page.html);
    assert.equal(form!.hidden.logout, undefined, 'logout=yes sits outside the form, bound by its form attribute');
    assert.match(page.html, /<input type="hidden" form="op.logoutForm" name="logout" value="yes">/);
    const done = await agent.post(new URL(form!.action, page.url).href, { ...form!.hidden, logout: 'yes' });
    const back = new URL(done.leftTo!);
    assert.equal(back.origin + back.pathname, 'http://127.0.0.1:9999/logged-out');
    assert.equal(back.searchParams.get('state'), 'kc-state');

    const [token] = await waitForTokens(wiki.path);
    const payload = await verifyLogoutToken(token!, wiki);
    assert.equal(payload.sid, sidOf(secondTokens.id_token!));
    assert.equal(payload.sub, user.id);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(received.get(keycloak.path), undefined, 'the client that started the logout gets no back-channel logout');
    await sessionEnded(agent, keycloak, auth, firstTokens.refresh_token!);

    const audited = await server.app.audit.query({ accountId: user.id, event: 'session.logged_out', limit: 5 });
    assert.equal(audited.length, 1);
    assert.equal(audited[0]!.clientId, keycloak.clientId);
    assert.equal(audited[0]!.details?.via, 'browser');
  });

  test('without an id_token_hint, or with one of another session, the user is asked', async () => {
    const client = await clientWithBackchannel();
    const user = await server.createUser();
    const { agent, auth, firstTokens } = await signedInToTwo(user, client, client);
    const asked = await agent.get(oidc.buildEndSessionUrl(auth.config, { client_id: client.clientId }).href);
    assert.match(asked.html, /No, stay signed in/);
    assert.doesNotMatch(asked.html, /data-auto-submit/);
    // A hint from an earlier session of the same account does not name this one.
    const later = await signedInToTwo(user, client, client);
    const stale = await later.agent.get(oidc.buildEndSessionUrl(auth.config, { id_token_hint: firstTokens.id_token! }).href);
    assert.match(stale.html, /No, stay signed in/);
  });

  test('a logout link naming a client without its id_token_hint spares nobody: every client is told', async () => {
    const [named, other] = [await clientWithBackchannel(), await clientWithBackchannel()];
    const user = await server.createUser();
    const { agent, auth } = await signedInToTwo(user, named, other);
    const asked = await agent.get(oidc.buildEndSessionUrl(auth.config, { client_id: named.clientId }).href);
    assert.match(asked.html, /No, stay signed in/, 'the user is asked');
    await agent.submit(asked, { logout: 'yes' });
    assert.equal((await waitForTokens(named.path)).length, 1, 'the client named by a bare client_id is told too');
    assert.equal((await waitForTokens(other.path)).length, 1);
  });

  test('"No, stay signed in" is not a logout: nothing audited, the session goes on', async () => {
    const client = await clientWithBackchannel();
    const user = await server.createUser();
    const { agent, auth } = await signedInToTwo(user, client, client);
    const asked = await agent.get(oidc.buildEndSessionUrl(auth.config, { client_id: client.clientId }).href);
    await agent.submit(asked, {});
    assert.deepEqual(await server.app.audit.query({ accountId: user.id, event: 'session.logged_out', limit: 5 }), []);
    assert.equal((await server.app.storage.sessions.listForAccount(user.id)).length, 1, 'the session stays');
  });

  test('server-to-server end_session: the session named by the hint ends, its tokens stop, the others are told', async () => {
    const [keycloak, wiki] = [await clientWithBackchannel(), await clientWithBackchannel()];
    const user = await server.createUser();
    const { agent, auth, firstTokens, secondTokens } = await signedInToTwo(user, keycloak, wiki);
    // A second browser of the same account stays signed in.
    const elsewhere = await signedInToTwo(user, keycloak, wiki);
    const before = await server.app.storage.sessions.listForAccount(user.id);
    assert.equal(before.length, 2);

    // As Keycloak's "Backchannel logout" calls it: a GET with state and id_token_hint, no cookie.
    const url = new URL(`${server.issuer}/session/end`);
    url.searchParams.set('state', 'keycloak-session-id');
    url.searchParams.set('id_token_hint', firstTokens.id_token!);
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('set-cookie'), null);

    const after = await server.app.storage.sessions.listForAccount(user.id);
    assert.equal(after.length, 1, 'one session ended, the other browser keeps its own');
    await sessionEnded(agent, keycloak, auth, firstTokens.refresh_token!);
    assert.equal((await oidc.tokenIntrospection(auth.config, firstTokens.access_token)).active, false);
    const stillThere = await beginAuthorization(server.issuer, keycloak, {}, elsewhere.agent);
    assert.ok(stillThere.page.leftTo, 'the other browser is still signed in');

    const tokens = await waitForTokens(wiki.path);
    assert.equal(tokens.length, 1);
    assert.equal((await verifyLogoutToken(tokens[0]!, wiki)).sid, sidOf(secondTokens.id_token!));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(received.get(keycloak.path), undefined, 'the caller is not told about its own logout');

    const audited = await server.app.audit.query({ accountId: user.id, event: 'session.logged_out', limit: 5 });
    assert.deepEqual(audited.map((e) => [e.actor.type, e.actor.id, e.details?.via, e.details?.sessions]), [['client', keycloak.clientId, 'server', 1]]);

    // The same hint again: valid, nothing left to end, nothing more audited.
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await server.app.audit.query({ accountId: user.id, event: 'session.logged_out', limit: 5 })).length, 1);
  });

  test('server-to-server end_session with a forged or foreign hint is refused and ends nothing', async () => {
    const client = await clientWithBackchannel();
    const user = await server.createUser();
    const { firstTokens } = await signedInToTwo(user, client, client);
    const [header, payload] = firstTokens.id_token!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    for (const hint of [`${header}.${forgedPayload}.${firstTokens.id_token!.split('.')[2]}`, 'not-a-jwt', `${header}.${payload}.AAAA`]) {
      const url = new URL(`${server.issuer}/session/end`);
      url.searchParams.set('id_token_hint', hint);
      const response = await fetch(url);
      assert.equal(response.status, 400, hint);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
    }
    assert.equal((await server.app.storage.sessions.listForAccount(user.id)).length, 1);
  });
});
