// The whole relying-party journey against a running provider and the real database:
// discovery, authorize, the sign-in pages, token, ID token, userinfo, refresh,
// introspection, revocation and RP-initiated logout, with openid-client as the client.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { loadSecrets } from '../../src/security/secrets.ts';
import { authorizationRequest, beginAuthorization, redeem } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { UserAgent } from '../support/user-agent.ts';
import { StoredRecords } from '../support/stored.ts';

describe('authorization code flow with PKCE', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer();
    client = await server.createClient({ backchannelLogoutUri: undefined });
  });
  after(async () => server?.close());

  test('a user signs in with username, PIN and TOTP and the client gets tokens', async () => {
    const user = await server.createUser({ groups: ['staff', 'vpn-users'] });
    const auth = await beginAuthorization(server.issuer, client);
    assert.equal(auth.page.status, 200);
    assert.equal(heading(auth.page), 'Sign in');

    const passcodePage = await submitUsername(auth.agent, auth.page, user.username);
    assert.equal(passcodePage.status, 200);
    assert.equal(heading(passcodePage), 'Enter your PIN and tokencode');

    const done = await submitPasscode(auth.agent, passcodePage, user.pin, await user.code());
    assert.ok(done.leftTo, `expected a redirect to the client, got ${done.status}: ${done.html.slice(0, 200)}`);
    assert.ok(done.leftTo.startsWith(client.redirectUri));

    const tokens = await redeem(auth, done.leftTo);
    const claims = tokens.claims()!;
    assert.equal(claims.sub, user.id);
    assert.equal(claims.iss, server.issuer);
    assert.equal(claims.nonce, auth.nonce);
    assert.deepEqual(claims.amr, ['pin', 'otp', 'mfa'], JSON.stringify(claims));
    assert.equal(claims.acr, server.config.signin.acr);
    assert.equal(claims.preferred_username, user.username);
    assert.deepEqual(claims.groups, ['staff', 'vpn-users']);
    assert.ok(tokens.refresh_token, 'a refresh token is issued to a client allowed the refresh_token grant');

    const userinfo = await oidc.fetchUserInfo(auth.config, tokens.access_token, claims.sub);
    assert.equal(userinfo.sub, user.id);
    assert.equal(userinfo.preferred_username, user.username);
    assert.equal(userinfo.email, `${user.username}@example.com`);
    assert.equal(userinfo.email_verified, true);
    assert.equal(userinfo.name, `Test ${user.username}`);
    assert.deepEqual(userinfo.groups, ['staff', 'vpn-users']);

    const introspected = await oidc.tokenIntrospection(auth.config, tokens.access_token);
    assert.equal(introspected.active, true);
    assert.equal(introspected.sub, user.id);
    assert.equal(introspected.client_id, client.clientId);

    const refreshed = await oidc.refreshTokenGrant(auth.config, tokens.refresh_token);
    assert.ok(refreshed.access_token);
    assert.notEqual(refreshed.access_token, tokens.access_token);
    assert.equal(refreshed.claims()?.sub, user.id);

    await oidc.tokenRevocation(auth.config, refreshed.access_token);
    const afterRevocation = await oidc.tokenIntrospection(auth.config, refreshed.access_token);
    assert.equal(afterRevocation.active, false);

    const logoutUrl = oidc.buildEndSessionUrl(auth.config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'http://127.0.0.1:9999/logged-out',
      state: 'bye',
    });
    const confirm = await auth.agent.get(logoutUrl.href);
    assert.equal(confirm.status, 200);
    const loggedOut = await auth.agent.submit(confirm, { logout: 'yes' });
    assert.ok(loggedOut.leftTo?.startsWith('http://127.0.0.1:9999/logged-out'), `logout did not return to the client: ${loggedOut.leftTo}`);
    assert.equal(new URL(loggedOut.leftTo!).searchParams.get('state'), 'bye');

    // The session is gone: a new authorization asks for the username again.
    const again = await beginAuthorization(server.issuer, client, {}, auth.agent);
    assert.equal(heading(again.page), 'Sign in');
  });

  test('a refresh token is revoked by the revocation endpoint', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    const tokens = await redeem(auth, done.leftTo!);
    await oidc.tokenRevocation(auth.config, tokens.refresh_token!);
    await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!), (error: Error & { error?: string }) => {
      assert.equal(error.error, 'invalid_grant');
      return true;
    });
  });

  test('the database holds no usable token, code or session cookie: records are stored under a keyed hash', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    const code = new URL(done.leftTo!).searchParams.get('code')!;
    const tokens = await redeem(auth, done.leftTo!);
    const sessionCookie = auth.agent.cookieValue('_session')!;
    const secrets = { code, access: tokens.access_token, refresh: tokens.refresh_token!, session: sessionCookie };
    for (const value of Object.values(secrets)) assert.ok(value && value.length >= 20, 'a value to look for');

    const records = await new StoredRecords(server.app.storage).all('oidc');
    const mine = records.filter((r) => JSON.stringify(r.payload).includes(user.id));
    assert.deepEqual(new Set(mine.map((r) => r.model)), new Set(['Session', 'Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken']));
    const everything = JSON.stringify(records);
    for (const [name, value] of Object.entries(secrets)) assert.ok(!everything.includes(value), `the ${name} value is not in the database`);
    for (const record of mine.filter((r) => r.model !== 'Grant')) assert.match(record.id, /^h1\.[A-Za-z0-9_-]{43}$/, record.model);

    // And every one of them still works.
    assert.equal((await oidc.tokenIntrospection(auth.config, tokens.access_token)).active, true);
    assert.ok((await oidc.fetchUserInfo(auth.config, tokens.access_token, user.id)).sub);
    assert.ok((await oidc.refreshTokenGrant(auth.config, tokens.refresh_token!)).access_token);
    const again = await beginAuthorization(server.issuer, client, {}, auth.agent);
    assert.ok(again.page.leftTo?.startsWith(client.redirectUri), 'the session cookie still finds its session');
    await assert.rejects(oidc.authorizationCodeGrant(auth.config, new URL(done.leftTo!), { pkceCodeVerifier: auth.verifier, expectedState: auth.state }), 'the code was used once');
  });

  test('discovery lists only the code flow; a request without PKCE is refused, even from a confidential client', async () => {
    const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.deepEqual(discovery.response_types_supported, ['code']);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(discovery.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none'], 'only the methods a client can be registered with');
    assert.equal(discovery.token_endpoint_auth_signing_alg_values_supported, undefined);
    const url = new URL(`${server.issuer}/auth`);
    for (const [k, v] of Object.entries({ client_id: client.clientId, redirect_uri: client.redirectUri, response_type: 'code', scope: 'openid', state: 'st' })) url.searchParams.set(k, v);
    const refused = await fetch(url, { redirect: 'manual' });
    const back = new URL(refused.headers.get('location')!);
    assert.equal(back.origin + back.pathname, client.redirectUri);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description') ?? '', /PKCE/i, back.href);
  });

  test('login_hint pre-fills the username field', async () => {
    const auth = await beginAuthorization(server.issuer, client, { login_hint: 'alice.hint' });
    assert.match(auth.page.html, /name="username" type="text" value="alice\.hint"/);
  });

  test('a sign-in page opened in another browser (no interaction cookie, or a forged one) is refused', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const uid = new URL(auth.page.url).pathname.split('/')[2]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(auth.page.html)![1]!;
    const stranger = new UserAgent(server.issuer);
    const seen = await stranger.get(auth.page.url);
    assert.equal(seen.status, 400);
    assert.doesNotMatch(seen.html, new RegExp(csrf), 'the page and its CSRF token are not shown');
    const posted = await stranger.post(auth.page.url, { csrf, username: user.username });
    assert.equal(posted.status, 400);
    const forged = await fetch(auth.page.url, { headers: { cookie: `_interaction=${uid}` }, redirect: 'manual' });
    assert.equal(forged.status, 400, 'an unsigned cookie naming the uid is not enough');
    assert.doesNotMatch(await forged.text(), new RegExp(csrf));
    // The browser that started it goes on.
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    assert.ok(done.leftTo?.startsWith(client.redirectUri));
  });

  test('a sign-in page left open longer than a flow lives: the form says it expired, the page starts again', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    server.clock.advanceSeconds(server.config.signin.flowTtlSeconds + 1);
    const late = await submitUsername(auth.agent, auth.page, user.username);
    assert.equal(late.status, 410);
    assert.match(late.html, /This sign-in has expired/);
    // A way back to the application: the origin of its redirect URI (it registered no client_uri).
    assert.match(late.html, /<a class="button" href="http:\/\/127\.0\.0\.1:9999\/" id="back-to-client">Back to Test application<\/a>/);
    const again = await auth.agent.get(auth.page.url);
    assert.equal(again.status, 200);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, again, user.username), user.pin, await user.code());
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `got ${done.status}`);
  });

  test('the ID token is signed with ES256 (the default) by a key published at jwks_uri', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    const tokens = await redeem(auth, done.leftTo!);
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString());
    assert.equal(header.alg, 'ES256');
    const jwks = (await (await fetch(`${server.issuer}/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
    assert.ok(jwks.keys.some((k) => k.kid === header.kid));
    assert.ok(jwks.keys.every((k) => k.d === undefined), 'no private key material is published');
  });
});

describe('RS256 ID tokens', () => {
  test('with oidc.idTokenSigningAlg RS256 the ID token is signed with the RSA key', async () => {
    const server = await startTestServer({ oidc: { idTokenSigningAlg: 'RS256' } });
    try {
      const client = await server.createClient();
      const user = await server.createUser();
      const auth = await beginAuthorization(server.issuer, client);
      const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
      const tokens = await redeem(auth, done.leftTo!);
      assert.equal(JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()).alg, 'RS256');
      assert.equal(tokens.claims()!.sub, user.id, 'openid-client verified it');
    } finally {
      await server.close();
    }
  });
});

describe('cookie signatures', () => {
  test('are HMAC-SHA256 with the first cookie key (Keygrip would default to SHA-1)', async () => {
    const server = await startTestServer();
    try {
      const client = await server.createClient();
      const request = await authorizationRequest(server.issuer, client);
      const response = await fetch(request.url, { redirect: 'manual' });
      const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
      const signed = cookies.filter((cookie) => cookies.some((other) => other.startsWith(`${cookie.split('=')[0]}.sig=`)));
      assert.ok(signed.length > 0, `a signed cookie: ${cookies.join(' | ')}`);
      const { cookieKeys } = await loadSecrets({ dataDir: server.config.dataDir, generateMissing: false, env: {} });
      for (const cookie of signed) {
        const name = cookie.split('=')[0]!;
        const signature = cookies.find((other) => other.startsWith(`${name}.sig=`))!.slice(name.length + 5);
        assert.equal(signature, createHmac('sha256', cookieKeys[0]!).update(cookie).digest('base64url'), name);
      }
    } finally {
      await server.close();
    }
  });
});
