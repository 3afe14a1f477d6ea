// The device authorization grant (RFC 8628) end to end: openid-client as the device (its
// device-flow functions), the user's browser enters the code at /device, confirms the device
// by name and code, signs in on the usual pages, and the device's polling gets tokens. Wrong,
// expired and cancelled codes are handled; entering codes is rate limited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { discover } from '../support/relying-party.ts';
import { startTestServer, uniqueName, type TestServer } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { forcePinChange } from '../../src/usecases/admin/force-pin-change.ts';
import { registerClient } from '../../src/usecases/admin/register-client.ts';

describe('device authorization grant', () => {
  let server: TestServer;
  let device: { clientId: string; clientSecret: undefined; redirectUri: string };
  let config: oidc.Configuration;

  before(async () => {
    server = await startTestServer({ rateLimit: { perIp: 40 } });
    const clientId = uniqueName('cli-');
    await registerClient(server.app.admin, { clientId, name: 'Build agent CLI', public: true, device: true, firstParty: true, redirectUris: [], scopes: ['openid', 'profile', 'offline_access'] });
    device = { clientId, clientSecret: undefined, redirectUri: '' };
    config = await discover(server.issuer, device);
  });
  after(async () => server?.close());

  const start = () => oidc.initiateDeviceAuthorization(config, { scope: 'openid profile offline_access' });
  /** The browser: the code page, the code, the confirmation page. */
  async function enterCode(agent: UserAgent, userCode: string): Promise<Page> {
    const input = await agent.get(`${server.issuer}/device`);
    assert.equal(heading(input), 'Connect a device');
    return agent.submit(input, { user_code: userCode });
  }

  test('discovery names the device endpoint and grant', async () => {
    const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(discovery.device_authorization_endpoint, `${server.issuer}/device/auth`);
    assert.ok((discovery.grant_types_supported as string[]).includes('urn:ietf:params:oauth:grant-type:device_code'));
  });

  test('code, confirmation naming the device, PIN + tokencode, then the device gets its tokens', async () => {
    const user = await server.createUser();
    const response = await start();
    assert.match(response.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.equal(response.verification_uri, `${server.issuer}/device`);
    const polling = oidc.pollDeviceAuthorizationGrant(config, response);

    const agent = new UserAgent(server.issuer);
    const confirm = await enterCode(agent, response.user_code.toLowerCase().replace('-', ' '));
    assert.equal(heading(confirm), 'Connect Build agent CLI?');
    assert.match(confirm.html, new RegExp(response.user_code));
    const signIn = await agent.submit(confirm, {}, '/device');
    assert.equal(heading(signIn), 'Sign in');
    const done = await submitPasscode(agent, await submitUsername(agent, signIn, user.username), user.pin, await user.code());
    assert.equal(heading(done), 'Device connected', `${done.status} ${heading(done)}`);
    assert.match(done.html, /You are signed in on Build agent CLI/);

    const tokens = await polling;
    const claims = tokens.claims()!;
    assert.equal(claims.sub, user.id);
    assert.deepEqual(claims.amr, ['pin', 'otp', 'mfa']);
    assert.ok(tokens.refresh_token, 'offline access for the device');
    assert.ok((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).access_token);
  });

  test('a sign-in that changes the PIN (New PIN mode) after the code was issued still connects the device', async () => {
    const user = await server.createUser({ pin: '836194' });
    await forcePinChange(server.app.admin, { username: user.username });
    const response = await start();
    const polling = oidc.pollDeviceAuthorizationGrant(config, response);
    // The new PIN ends the account's earlier sessions and tokens from the second it is set: that
    // second must come after the one the device code was issued in, as on a real device.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const agent = new UserAgent(server.issuer);
    const signIn = await agent.submit(await enterCode(agent, response.user_code), {}, '/device');
    const newPin = await submitPasscode(agent, await submitUsername(agent, signIn, user.username), '836194', await user.code());
    assert.equal(heading(newPin), 'Choose a new PIN');
    const done = await agent.submit(newPin, { newPin: '592847', confirmPin: '592847' });
    assert.equal(heading(done), 'Device connected', `${done.status} ${heading(done)}`);
    assert.equal((await polling).claims()!.sub, user.id);
  });

  test('a wrong code is refused with a clear message; the right one still works', async () => {
    const response = await start();
    const agent = new UserAgent(server.issuer);
    const wrong = await enterCode(agent, 'BCDF-GHJK');
    assert.equal(heading(wrong), 'Connect a device');
    assert.match(wrong.html, /That code is not right/);
    const confirm = await agent.submit(wrong, { user_code: response.user_code });
    assert.equal(heading(confirm), 'Connect Build agent CLI?');
  });

  test('cancelled at the confirmation: the device is told access_denied', async () => {
    const response = await start();
    const polling = oidc.pollDeviceAuthorizationGrant(config, response);
    const agent = new UserAgent(server.issuer);
    const confirm = await enterCode(agent, response.user_code);
    const cancelled = await agent.submit(confirm, { abort: 'yes' }, '/device');
    assert.match(cancelled.html, /The device was not connected/);
    await assert.rejects(polling, (e: { error?: string }) => e.error === 'access_denied');
  });

  test('cancelled on the sign-in page: the device is told access_denied', async () => {
    const response = await start();
    const polling = oidc.pollDeviceAuthorizationGrant(config, response);
    const agent = new UserAgent(server.issuer);
    const signIn = await agent.submit(await enterCode(agent, response.user_code), {}, '/device');
    await agent.submit(signIn, {}, '/abort');
    await assert.rejects(polling, (e: { error?: string }) => e.error === 'access_denied');
  });

  test('an expired code is refused at the code page like a wrong one', async () => {
    const response = await start();
    server.clock.advanceSeconds(server.config.oidc.ttl.deviceCode + 1);
    const page = await enterCode(new UserAgent(server.issuer), response.user_code);
    assert.match(page.html, /not right, or it has expired/);
  });

  test('polling too fast gets slow_down; a device code that was never approved stays pending', async () => {
    const response = await start();
    const poll = () => fetch(`${server.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: response.device_code, client_id: device.clientId }),
    }).then(async (r) => ((await r.json()) as { error: string }).error);
    assert.equal(await poll(), 'authorization_pending');
    assert.equal(await poll(), 'slow_down');
  });

  test('entering codes is rate limited per address', async () => {
    const agent = new UserAgent(server.issuer);
    const input = await agent.get(`${server.issuer}/device`);
    let status = 200;
    for (let i = 0; i < 45 && status !== 429; i++) status = (await agent.submit(input, { user_code: 'BCDF-GHJK' })).status;
    assert.equal(status, 429);
  });
});
