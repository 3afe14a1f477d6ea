// Step-up and freshness: a client's acr_values (or an essential acr in the claims parameter)
// that the session's acr does not meet sends the browser back through the sign-in pages; a
// stronger acr meets a request for a weaker one; max_age=0 and prompt=login always ask again;
// an acr no sign-in can give fails at once with unmet_authentication_requirements.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { beginAuthorization, redeem, type Authorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';
import type { UserAgent } from '../support/user-agent.ts';

describe('step-up and freshness', () => {
  let server: TestServer;
  let client: TestClient;
  let acr: { strong: string; email: string; codeOnly: string };

  before(async () => {
    server = await startTestServer();
    client = await server.createClient();
    acr = { strong: server.config.signin.acr, email: server.config.signin.acrEmailCode, codeOnly: server.config.signin.acrTokencodeOnly };
  });
  after(async () => server?.close());

  const request = (extra: Record<string, string>, agent?: UserAgent) => beginAuthorization(server.issuer, client, extra, agent);

  /** Signs in with PIN + code on the pages `auth` shows, and redeems the code. */
  async function signIn(auth: Authorization, user: TestUser) {
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `sign-in: ${done.status} ${heading(done)}`);
    server.clock.advanceSeconds(30);
    return redeem(auth, done.leftTo!);
  }

  /** An account with no PIN signs in with its code alone and sets a PIN: a session with acr otp. */
  async function codeOnlySession(): Promise<{ user: TestUser; auth: Authorization; pin: string }> {
    const user = await server.createUser({ pin: null });
    const auth = await request({});
    const codePage = await submitUsername(auth.agent, auth.page, user.username);
    const newPinPage = await auth.agent.submit(codePage, { tokencode: await user.code() });
    const done = await auth.agent.submit(newPinPage, { newPin: '583196', confirmPin: '583196' });
    assert.ok(done.leftTo, `first sign-in: ${heading(done)}`);
    assert.equal((await redeem(auth, done.leftTo)).claims()!.acr, acr.codeOnly);
    server.clock.advanceSeconds(30);
    return { user: { ...user, pin: '583196' }, auth, pin: '583196' };
  }

  test('discovery lists the three acr values and the claims parameter', async () => {
    const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.deepEqual(new Set(discovery.acr_values_supported as string[]), new Set([acr.strong, acr.email, acr.codeOnly]));
    assert.equal(discovery.claims_parameter_supported, true);
  });

  test('a code-only session asked for PIN + code goes through the pages again and comes back with the stronger acr', async () => {
    const { user, auth } = await codeOnlySession();
    // Without a requirement the session is reused as it is.
    const plain = await request({}, auth.agent);
    assert.ok(plain.page.leftTo?.startsWith(client.redirectUri));
    assert.equal((await redeem(plain, plain.page.leftTo!)).claims()!.acr, acr.codeOnly);

    const stepUp = await request({ acr_values: acr.strong }, auth.agent);
    assert.equal(stepUp.page.leftTo, null, 'no code for a session below the requested acr');
    assert.equal(heading(stepUp.page), 'Sign in');
    const claims = (await signIn(stepUp, user)).claims()!;
    assert.equal(claims.acr, acr.strong);
    assert.deepEqual(claims.amr, ['pin', 'otp', 'mfa']);
  });

  test('a first sign-in asked for PIN + code: code, new PIN, then the pages once more with the PIN just set', async () => {
    const user = await server.createUser({ pin: null });
    const auth = await request({ acr_values: acr.strong });
    const codePage = await submitUsername(auth.agent, auth.page, user.username);
    const newPinPage = await auth.agent.submit(codePage, { tokencode: await user.code() });
    const again = await auth.agent.submit(newPinPage, { newPin: '583196', confirmPin: '583196' });
    assert.equal(again.leftTo, null, 'a code-only sign-in does not meet the request');
    assert.equal(heading(again), 'Sign in');
    server.clock.advanceSeconds(30);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, again, user.username), '583196', await user.code());
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `${done.status} ${heading(done)}`);
    assert.equal((await redeem(auth, done.leftTo!)).claims()!.acr, acr.strong);
  });

  test('a client registered with a default acr gets it without asking', async () => {
    const { user, auth } = await codeOnlySession();
    const strict = await server.createClient({ defaultAcr: acr.strong });
    const stepUp = await beginAuthorization(server.issuer, strict, {}, auth.agent);
    assert.equal(stepUp.page.leftTo, null, 'the session is below the client\'s default acr');
    const done = await submitPasscode(stepUp.agent, await submitUsername(stepUp.agent, stepUp.page, user.username), user.pin, await user.code());
    assert.ok(done.leftTo?.startsWith(strict.redirectUri), heading(done) ?? '');
    assert.equal((await redeem(stepUp, done.leftTo!)).claims()!.acr, acr.strong);
  });

  test('an essential acr in the claims parameter is honoured the same way', async () => {
    const { user, auth } = await codeOnlySession();
    const claimsParameter = JSON.stringify({ id_token: { acr: { essential: true, values: [acr.strong] } } });
    const stepUp = await request({ claims: claimsParameter }, auth.agent);
    assert.equal(stepUp.page.leftTo, null);
    assert.equal((await signIn(stepUp, user)).claims()!.acr, acr.strong);
  });

  test('a PIN + code session meets a request for a weaker acr without a page', async () => {
    const user = await server.createUser();
    const first = await request({});
    await signIn(first, user);
    for (const wanted of [acr.codeOnly, acr.email, `${acr.codeOnly} ${acr.strong}`]) {
      const again = await request({ acr_values: wanted }, first.agent);
      assert.ok(again.page.leftTo?.startsWith(client.redirectUri), `acr_values=${wanted}: ${heading(again.page)}`);
      assert.equal((await redeem(again, again.page.leftTo!)).claims()!.acr, acr.strong);
    }
  });

  test('an unknown voluntary acr is ignored; an essential one no sign-in can give is refused at once', async () => {
    const user = await server.createUser();
    const first = await request({});
    await signIn(first, user);
    const voluntary = await request({ acr_values: 'urn:example:unknown' }, first.agent);
    assert.ok(voluntary.page.leftTo?.startsWith(client.redirectUri));

    const essential = JSON.stringify({ id_token: { acr: { essential: true, value: 'urn:example:unknown' } } });
    for (const agent of [first.agent, undefined]) {
      const refused = await request({ claims: essential }, agent);
      const back = new URL(refused.page.leftTo ?? 'http://x/');
      assert.equal(back.origin + back.pathname, client.redirectUri, `${refused.page.status} ${heading(refused.page)}`);
      assert.equal(back.searchParams.get('error'), 'unmet_authentication_requirements');
    }
  });

  test('max_age=0 and prompt=login ask for the PIN and code again, and auth_time moves', async () => {
    const user = await server.createUser();
    const first = await request({});
    const before = (await signIn(first, user)).claims()!.auth_time!;
    server.clock.advanceSeconds(2);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // auth_time follows the system clock
    for (const extra of [{ max_age: '0' }, { prompt: 'login' }] as Record<string, string>[]) {
      const again = await request(extra, first.agent);
      assert.equal(again.page.leftTo, null, `${JSON.stringify(extra)} shows the pages`);
      assert.equal(heading(again.page), 'Sign in');
      const claims = (await signIn(again, user)).claims()!;
      assert.ok(claims.auth_time! > before, 'a fresh sign-in');
    }
  });
});
