// How long a sign-in lasts: a session unused for sessions.idleTimeoutSeconds ends; a session in
// use still ends sessions.maxLifetimeSeconds after its sign-in; a refresh token keeps the expiry
// of the first one however often it is rotated. oidc-provider keeps time by the system clock,
// so these tests wait in real seconds (a few).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { beginAuthorization, redeem, type Authorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

describe('session lifetime', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    // Margins of a second or more around each limit: times are whole seconds (an absolute end may
    // come up to a second early), and a loaded machine stretches every wait.
    server = await startTestServer({ sessions: { idleTimeoutSeconds: 5, maxLifetimeSeconds: 8 }, oidc: { ttl: { refreshToken: 7 } } });
    client = await server.createClient();
  });
  after(async () => server?.close());

  async function signedIn() {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    assert.ok(done.leftTo, heading(done) ?? '');
    // Each test signs in a new user (its own token), so the test clock never moves: the stored
    // records' expiry is judged by it, and these lifetimes are seconds long.
    return { user, auth, tokens: await redeem(auth, done.leftTo) };
  }

  const reused = async (auth: Authorization) => (await beginAuthorization(server.issuer, client, {}, auth.agent)).page.leftTo !== null;

  test('a session unused for the idle timeout ends', async () => {
    const { auth } = await signedIn();
    await sleep(1);
    assert.equal(await reused(auth), true, 'used within the idle timeout');
    await sleep(6.5);
    assert.equal(await reused(auth), false, 'unused for longer than the idle timeout: sign in again');
  });

  test('a session in use ends at its absolute lifetime all the same', async () => {
    const { auth } = await signedIn();
    for (let i = 0; i < 2; i++) {
      await sleep(2.5);
      assert.equal(await reused(auth), true, `use ${i + 1}, ${(i + 1) * 2.5} s after the sign-in`);
    }
    // 9 s: past the 8 s lifetime, and 4 s after the last use, within the 5 s idle timeout.
    await sleep(4);
    assert.equal(await reused(auth), false, 'past the absolute lifetime, though used within the idle timeout');
  });

  test('a refresh of a token bound to the session counts as activity of the session', async () => {
    const { auth, tokens } = await signedIn();
    assert.doesNotMatch(tokens.scope ?? '', /offline_access/, 'a first-party client\'s refresh token without offline_access is bound to the session');
    await sleep(2);
    await oidc.refreshTokenGrant(auth.config, tokens.refresh_token!);
    await sleep(2);
    await oidc.refreshTokenGrant(auth.config, tokens.refresh_token!);
    await sleep(2);
    assert.equal(await reused(auth), true, '6 s after the sign-in (the first record lived 5 s), 2 s after the last refresh: still signed in');
  });

});

describe('refresh token lifetime', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer({ sessions: { idleTimeoutSeconds: 60, maxLifetimeSeconds: 60 }, oidc: { ttl: { refreshToken: 10 } } });
    client = await server.createClient();
  });
  after(async () => server?.close());

  test('a rotated refresh token keeps the first one\'s expiry: refreshing cannot extend it', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    const tokens = await redeem(auth, done.leftTo!);
    const issuedAt = Date.now();
    let refresh = tokens.refresh_token!;
    let rotated = 0;
    // A confidential client's refresh token rotates once 70% of its life has passed (in whole
    // seconds: at 7 s of 10). Its iat is a whole second at or before issuedAt, so each use below
    // is at least that far into its life, and more than a second before its end.
    for (const at of [1.5, 4, 7.3]) {
      await sleep(at - (Date.now() - issuedAt) / 1000);
      const next = await oidc.refreshTokenGrant(auth.config, refresh);
      if (next.refresh_token && next.refresh_token !== refresh) rotated += 1;
      refresh = next.refresh_token ?? refresh;
    }
    assert.ok(rotated >= 1, 'the refresh token was rotated');
    await sleep(10.5 - (Date.now() - issuedAt) / 1000);
    await assert.rejects(oidc.refreshTokenGrant(auth.config, refresh), (e: { error?: string }) => e.error === 'invalid_grant', 'expired 10 s after the first was issued');
  });
});
