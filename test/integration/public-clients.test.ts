// A public client (no secret) proves nothing about who it is; when its redirect URIs could be
// received by any program on the user's machine (loopback, http), the user confirms every
// authorization request it makes, first-party or not (ASVS 5.0 10.7.1). A public client whose
// redirect URIs are https on a real host is identified by them and is treated like the others.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityAssured } from '../../src/oidc/first-party.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';
import type { Page } from '../support/user-agent.ts';

describe('public clients whose identity cannot be assured', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => server?.close());

  const allow = async (agent: { submit(page: Page, fields: Record<string, string>, suffix?: string): Promise<Page> }, page: Page) => agent.submit(page, {}, '/consent');

  test('which clients are assured', () => {
    assert.equal(identityAssured({ clientAuthMethod: 'client_secret_basic', redirectUris: ['http://127.0.0.1/cb'] }), true, 'a secret proves it');
    assert.equal(identityAssured({ clientAuthMethod: 'none', redirectUris: ['https://app.example.com/cb'] }), true);
    for (const uri of ['http://127.0.0.1:8765/cb', 'http://[::1]:8765/cb', 'https://localhost/cb', 'https://x.localhost/cb', 'http://app.example.com/cb', 'com.example.app:/cb']) {
      assert.equal(identityAssured({ clientAuthMethod: 'none', redirectUris: ['https://app.example.com/cb', uri] }), false, uri);
    }
  });

  test('a first-party native client asks for consent at every request, even with a session', async () => {
    const native = await server.createClient({ public: true, secret: undefined, firstParty: true, redirectUris: ['http://127.0.0.1:8765/callback'], name: 'VPN client' });
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, native);
    const consent = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    assert.equal(heading(consent), 'Allow VPN client?', `${consent.status} ${heading(consent)}`);
    const done = await allow(auth.agent, consent);
    assert.ok(done.leftTo?.startsWith(native.redirectUri), `${done.status} ${heading(done)}`);
    assert.ok((await redeem(auth, done.leftTo!)).access_token);

    const again = await beginAuthorization(server.issuer, native, {}, auth.agent);
    assert.equal(heading(again.page), 'Allow VPN client?', 'asked again: a consent is never remembered for it');
    const second = await allow(again.agent, again.page);
    assert.ok(second.leftTo?.startsWith(native.redirectUri));
  });

  test('a public client on an https redirect URI is treated like a confidential first-party one', async () => {
    const spa = await server.createClient({ public: true, secret: undefined, firstParty: true, redirectUris: ['https://app.example.com/callback'] });
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, spa);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    assert.ok(done.leftTo?.startsWith('https://app.example.com/callback'), `${done.status} ${heading(done)}`);
    const again = await beginAuthorization(server.issuer, spa, {}, auth.agent);
    assert.ok(again.page.leftTo?.startsWith('https://app.example.com/callback'), 'single sign-on, no page');
  });
});
