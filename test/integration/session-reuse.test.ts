// The account governs every session and token it was given: after a lock, a disable, a forced
// PIN change, a PIN reset or a disabled token, a browser that still holds its session goes back
// through the sign-in pages before any code is issued, and the refresh and access tokens issued
// before stop working (refresh refused, introspection inactive, userinfo refused). A PIN change
// ends the other sessions but not the one that made it. Each end is audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { setAccountEnabled } from '../../src/usecases/admin/manage-account.ts';
import { setTokenEnabled } from '../../src/usecases/admin/manage-tokens.ts';
import { forcePinChange } from '../../src/usecases/admin/force-pin-change.ts';
import { resetPin } from '../../src/usecases/admin/reset-pin.ts';
import { beginAuthorization, redeem, type Authorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';
import type { UserAgent } from '../support/user-agent.ts';

describe('sessions and tokens follow the account', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer({ lockout: { maxFailures: 3, lockSeconds: 600, nextTokencodeAfter: 0 } });
    client = await server.createClient();
  });
  after(async () => server?.close());

  /** A signed-in browser and the tokens its relying party got. */
  async function signedIn(user: TestUser, agent?: UserAgent) {
    const auth = await beginAuthorization(server.issuer, client, {}, agent);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    assert.ok(done.leftTo, `sign-in: ${done.status}`);
    const tokens = await redeem(auth, done.leftTo);
    // Later codes must come from a later time step (the replay guard).
    server.clock.advanceSeconds(30);
    return { auth, tokens };
  }

  /** A new authorization request from the same browser: straight back to the client, or a page. */
  const again = (auth: Authorization) => beginAuthorization(server.issuer, client, {}, auth.agent);

  async function tokensStopped(auth: Authorization, tokens: Awaited<ReturnType<typeof redeem>>) {
    await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!), (e: { error?: string }) => e.error === 'invalid_grant', 'the refresh token is refused');
    assert.equal((await oidc.tokenIntrospection(auth.config, tokens.access_token)).active, false, 'the access token is inactive');
    await assert.rejects(oidc.fetchUserInfo(auth.config, tokens.access_token, tokens.claims()!.sub), 'userinfo refuses the access token');
  }

  test('a session in good standing is reused: back to the client with no page', async () => {
    const user = await server.createUser();
    const { auth, tokens } = await signedIn(user);
    const reused = await again(auth);
    assert.ok(reused.page.leftTo?.startsWith(client.redirectUri), `got ${reused.page.status} ${heading(reused.page)}`);
    assert.ok((await oidc.refreshTokenGrant(auth.config, tokens.refresh_token!)).access_token);
    assert.equal((await oidc.tokenIntrospection(auth.config, tokens.access_token)).active, true);
  });

  test('locked after failures elsewhere: the session asks for the sign-in again; its tokens stop', async () => {
    const user = await server.createUser();
    const { auth, tokens } = await signedIn(user);
    for (let i = 0; i < 3; i++) {
      const other = await beginAuthorization(server.issuer, client);
      await submitPasscode(other.agent, await submitUsername(other.agent, other.page, user.username), '0000', await user.code());
    }
    const reused = await again(auth);
    assert.equal(reused.page.leftTo, null, 'no code for a locked account');
    assert.equal(heading(reused.page), 'Sign in');
    await tokensStopped(auth, tokens);
    const ended = await server.app.audit.query({ accountId: user.id, event: 'sessions.ended', limit: 5 });
    assert.deepEqual(ended.map((e) => e.reason), ['accountLock']);
  });

  for (const [name, act] of [
    ['disabled', (user: TestUser) => setAccountEnabled(server.app.admin, user.username, false)],
    ['its PIN reset', (user: TestUser) => resetPin(server.app.admin, user.username)],
    ['its only token disabled', async (user: TestUser) => setTokenEnabled(server.app.admin, (await server.app.tokens.listForAccount(user.id))[0]!.serial, false)],
  ] as const) {
    test(`an account ${name} by an administrator: the session ends and its tokens stop`, async () => {
      const user = await server.createUser();
      const { auth, tokens } = await signedIn(user);
      await act(user);
      const reused = await again(auth);
      assert.equal(reused.page.leftTo, null, 'no code is issued from the old session');
      await tokensStopped(auth, tokens);
    });
  }

  test('a forced PIN change: the session goes to New PIN mode before the code, then back to the client', async () => {
    const user = await server.createUser();
    const { auth, tokens } = await signedIn(user);
    await forcePinChange(server.app.admin, { username: user.username });
    await tokensStopped(auth, tokens);
    const reused = await again(auth);
    assert.equal(reused.page.leftTo, null);
    const passcode = await submitUsername(reused.agent, reused.page, user.username);
    const newPin = await submitPasscode(reused.agent, passcode, user.pin, await user.code());
    assert.equal(heading(newPin), 'Choose a new PIN');
    const done = await reused.agent.submit(newPin, { newPin: '583196', confirmPin: '583196' });
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `after New PIN: ${done.status} ${heading(done)}`);
  });

  test('a forced PIN change for a group: the records stay, yet every token issued before stops, introspection included', async () => {
    const group = `g${Date.now()}`;
    const user = await server.createUser({ groups: [group] });
    const { auth, tokens } = await signedIn(user);
    assert.equal((await oidc.tokenIntrospection(auth.config, tokens.access_token)).active, true);
    server.clock.advanceSeconds(2);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the mark is on oidc-provider's clock, in seconds
    await forcePinChange(server.app.admin, { group });
    assert.ok((await server.app.storage.sessions.listForAccount(user.id)).length > 0, 'a group change only marks the time');
    await tokensStopped(auth, tokens);
  });

  test('a PIN change ends the other sessions, not the one that made it', async () => {
    const user = await server.createUser({ changeOnFirstUse: false });
    const first = await signedIn(user);
    const second = await signedIn(user);
    await forcePinChange(server.app.admin, { username: user.username });
    server.clock.advanceSeconds(2);
    // The second browser changes the PIN (forced), signing in again.
    const changing = await again(second.auth);
    const newPinPage = await submitPasscode(changing.agent, await submitUsername(changing.agent, changing.page, user.username), user.pin, await user.code());
    const done = await changing.agent.submit(newPinPage, { newPin: '602947', confirmPin: '602947' });
    assert.ok(done.leftTo);
    const fresh = await redeem(changing, done.leftTo);
    server.clock.advanceSeconds(30);
    assert.ok((await again(changing).then((a) => a.page.leftTo))?.startsWith(client.redirectUri), 'the session that changed the PIN goes on');
    assert.ok((await oidc.refreshTokenGrant(changing.config, fresh.refresh_token!)).access_token, 'and so do its new tokens');
    assert.equal((await again(first.auth)).page.leftTo, null, 'the other browser signs in again');
  });
});
