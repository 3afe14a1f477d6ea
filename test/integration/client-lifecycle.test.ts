// The life of a client through the administration API, observed by real relying parties
// (openid-client) against the running provider: a changed redirect URI, a client disabled
// (nothing of it works, its tokens are revoked) and enabled again, a client removed (its
// records gone from the database), secrets rotated (relying party and service client), each
// action audited with the calling client; and the API's errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as oidc from 'openid-client';
import { registerServiceClient } from '../../src/usecases/admin/register-service-client.ts';
import { adminApi, callApi, clientCredentialsToken, type AdminApi } from '../support/admin-api.ts';
import { beginAuthorization, discover } from '../support/relying-party.ts';
import { startTestServer, uniqueName, type TestClient, type TestServer } from '../support/server.ts';
import { signInNewUser } from '../support/signed-in.ts';
import { heading } from '../support/signin.ts';
import { StoredRecords } from '../support/stored.ts';

describe('client lifecycle through the administration API', () => {
  let server: TestServer;
  let admin: AdminApi;

  before(async () => {
    server = await startTestServer();
    admin = await adminApi(server, ['admin']);
  });
  after(async () => server?.close());

  const signIn = (client: TestClient) => signInNewUser(server, client);

  /** What the database still holds that names the client. */
  const recordsOf = async (clientId: string) =>
    (await new StoredRecords(server.app.storage).all('oidc')).filter((r) => r.payload.clientId === clientId || (r.model === 'Client' && r.id === clientId));

  /** Whether an openid-client error is the OAuth error `code` (in the body or the WWW-Authenticate challenge). */
  const oauthError = (code: string) => (error: { error?: string; cause?: Array<{ parameters?: { error?: string } }> }) =>
    (error.error ?? error.cause?.[0]?.parameters?.error) === code;

  const lastAudit = async (event: string, clientId: string) =>
    (await admin.call('GET', `/audit?event=${event}`)).body.items.find((e: { clientId: string }) => e.clientId === clientId);

  test('list and show: relying parties and service clients, their kind and scopes, never a secret', async () => {
    const client = await server.createClient({ name: 'Wiki', maxAge: 600, defaultAcr: server.config.signin.acr });
    const listed = await admin.call('GET', '/clients');
    assert.equal(listed.status, 200);
    const service = listed.body.items.find((c: { clientId: string }) => c.clientId === admin.clientId);
    assert.deepEqual([service.kind, service.scopes, service.enabled], ['service', ['admin'], true]);
    const shown = await admin.call('GET', `/clients/${client.clientId}`);
    assert.deepEqual(
      { ...shown.body, scopes: undefined },
      {
        clientId: client.clientId, kind: 'oidc', name: 'Wiki', enabled: true, tokenEndpointAuthMethod: 'client_secret_basic', scopes: undefined,
        redirectUris: [client.redirectUri], postLogoutRedirectUris: ['http://127.0.0.1:9999/logged-out'], backchannelLogoutUri: null,
        firstParty: true, maxAge: 600, defaultAcr: server.config.signin.acr, validateNetworks: [], validateNetworkOnly: false,
      },
    );
    assert.ok(!JSON.stringify([listed.body, shown.body]).includes(client.clientSecret!), 'no secret');
    assert.ok(!JSON.stringify(listed.body).toLowerCase().includes('secret"'), 'no secret field');
  });

  test('scopes: a client asks only for what it was allowed; least privilege by default', async () => {
    const registered = await server.createClient({ scopes: undefined });
    const shown = await admin.call('GET', `/clients/${registered.clientId}`);
    assert.deepEqual(shown.body.scopes, ['openid', 'profile', 'email'], 'groups and offline_access are granted per client');
    const refused = await beginAuthorization(server.issuer, registered, { scope: 'openid groups' });
    const back = new URL(refused.page.leftTo ?? 'http://x/');
    assert.equal(back.searchParams.get('error'), 'invalid_scope', `${refused.page.status} ${heading(refused.page)}`);
    assert.equal((await admin.call('PATCH', `/clients/${registered.clientId}`, { scopes: ['openid', 'groups', 'nonsense'] })).status, 400);
    const updated = await admin.call('PATCH', `/clients/${registered.clientId}`, { scopes: ['groups', 'email'] });
    assert.deepEqual(updated.body.scopes, ['openid', 'email', 'groups'], 'openid is always kept');
    const allowed = await beginAuthorization(server.issuer, registered, { scope: 'openid groups' });
    assert.equal(allowed.page.leftTo, null, 'the sign-in page, no error');
    assert.equal(heading(allowed.page), 'Sign in');
  });

  test('update: a new redirect URI works and the one replaced is refused; bad settings are 400 and change nothing', async () => {
    const client = await server.createClient();
    const moved = { ...client, redirectUri: 'http://127.0.0.1:9999/new-callback' };
    const updated = await admin.call('PATCH', `/clients/${client.clientId}`, { redirectUris: [moved.redirectUri], name: 'Moved', firstParty: true });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual([updated.body.redirectUris, updated.body.name], [[moved.redirectUri], 'Moved']);

    const old = await beginAuthorization(server.issuer, client);
    assert.equal(old.page.status, 400, 'the replaced redirect URI is refused');
    assert.match(old.page.html, /redirect_uri/);
    await signIn(moved);

    for (const [body, field] of [
      [{ redirectUris: ['not a uri'] }, 'redirectUris'],
      [{ defaultAcr: 'urn:somebody:else' }, 'defaultAcr'],
      [{ maxAge: -1 }, 'maxAge'],
      [{ redirectUris: [] }, 'redirectUris'],
      [{ secret: 'x'.repeat(40) }, 'secret'],
    ] as const) {
      const refused = await admin.call('PATCH', `/clients/${client.clientId}`, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error, 'invalid_input');
      assert.ok(refused.body.fields[field], `${JSON.stringify(body)}: ${JSON.stringify(refused.body)}`);
    }
    assert.equal((await admin.call('PATCH', `/clients/${client.clientId}`, {})).status, 400, 'nothing to change');
    assert.deepEqual((await admin.call('GET', `/clients/${client.clientId}`)).body.redirectUris, [moved.redirectUri], 'nothing changed');

    const audit = await lastAudit('client.updated', client.clientId);
    assert.deepEqual(audit.actor, { type: 'client', id: admin.clientId });
    assert.equal(audit.details.fields, 'firstParty,name,redirectUris');
  });

  test("max age: a sign-in older than the client's max age is not reused", async () => {
    const client = await server.createClient();
    assert.equal((await admin.call('PATCH', `/clients/${client.clientId}`, { maxAge: 1 })).body.maxAge, 1);
    const { auth } = await signIn(client);
    await sleep(2_100);
    const again = await beginAuthorization(server.issuer, client, {}, auth.agent);
    assert.equal(heading(again.page), 'Sign in', `expected the sign-in page, got ${again.page.status} ${again.page.leftTo}`);
  });

  test('disable: authorization refused, tokens refused at userinfo, introspection and refresh; enable: sign-in works again', async () => {
    const client = await server.createClient();
    const { auth, tokens } = await signIn(client);
    const issued = (await recordsOf(client.clientId)).length - 1;
    const disabled = await admin.call('POST', `/clients/${client.clientId}/disable`);
    assert.deepEqual([disabled.status, disabled.body.enabled], [200, false]);

    const refused = await beginAuthorization(server.issuer, client);
    assert.equal(refused.page.status, 400);
    assert.match(refused.page.html, /invalid_client/);
    await assert.rejects(oidc.fetchUserInfo(auth.config, tokens.access_token, tokens.claims()!.sub), 'userinfo refuses the access token');
    await assert.rejects(oidc.tokenIntrospection(auth.config, tokens.access_token), oauthError('invalid_client'), 'introspection refuses the client');
    await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!), oauthError('invalid_client'), 'refresh refused');
    assert.deepEqual((await recordsOf(client.clientId)).map((r) => r.model), ['Client'], 'its grant and tokens were revoked');
    assert.equal((await lastAudit('client.disabled', client.clientId)).details.tokens, issued, 'grant, code, access and refresh token');
    assert.equal((await admin.call('POST', `/clients/${client.clientId}/disable`)).status, 200, 'idempotent');

    const enabled = await admin.call('POST', `/clients/${client.clientId}/enable`);
    assert.deepEqual([enabled.status, enabled.body.enabled], [200, true]);
    const fresh = await signIn(client);
    assert.ok((await oidc.refreshTokenGrant(fresh.auth.config, fresh.tokens.refresh_token!)).access_token);
    await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!), 'the revoked refresh token stays revoked');
    assert.deepEqual((await lastAudit('client.enabled', client.clientId)).actor, { type: 'client', id: admin.clientId });
  });

  test('remove: the refresh and access tokens stop working and every record of the client is gone', async () => {
    const client = await server.createClient();
    const { auth, tokens } = await signIn(client);
    const issued = (await recordsOf(client.clientId)).length - 1;
    assert.ok(issued >= 3, 'grant, code, access and refresh token');
    assert.equal((await admin.call('DELETE', `/clients/${client.clientId}`)).status, 204);
    await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!));
    await assert.rejects(oidc.fetchUserInfo(auth.config, tokens.access_token, tokens.claims()!.sub));
    assert.deepEqual(await recordsOf(client.clientId), []);
    assert.equal((await admin.call('GET', `/clients/${client.clientId}`)).status, 404);
    const audit = await lastAudit('client.removed', client.clientId);
    assert.deepEqual([audit.actor.id, audit.details.tokens], [admin.clientId, issued]);
  });

  test('register through the API: a relying party that signs users in, a service client that gets a token; bad input is 400, a taken id 409', async () => {
    const clientId = uniqueName('api-rp-');
    const redirectUri = 'http://127.0.0.1:9999/callback';
    const created = await admin.call('POST', '/clients', { clientId, name: 'Registered by API', redirectUris: [redirectUri], firstParty: true, scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'] });
    assert.equal(created.status, 201);
    assert.equal(created.body.clientId, clientId);
    assert.ok(created.body.clientSecret.length >= 32, 'a confidential client gets its secret once');
    assert.ok(!JSON.stringify((await admin.call('GET', `/clients/${clientId}`)).body).includes(created.body.clientSecret));
    const { tokens } = await signIn({ clientId, clientSecret: created.body.clientSecret, redirectUri });
    assert.ok(tokens.access_token);
    assert.deepEqual((await lastAudit('client.registered', clientId)).actor, { type: 'client', id: admin.clientId });
    assert.equal((await admin.call('POST', '/clients', { clientId, redirectUris: [redirectUri] })).status, 409);
    const bad = await admin.call('POST', '/clients', { clientId: uniqueName('bad-'), redirectUris: ['not a uri'] });
    assert.deepEqual([bad.status, bad.body.error], [400, 'invalid_input']);

    const service = await admin.call('POST', '/clients/service', { clientId: uniqueName('api-svc-'), scopes: ['helpdesk'] });
    assert.equal(service.status, 201);
    const token = await clientCredentialsToken(server, service.body.clientId, service.body.clientSecret, ['helpdesk']);
    assert.equal((await callApi(server, token, 'GET', '/accounts')).status, 200);
    assert.equal((await admin.call('POST', '/clients/service', { clientId: uniqueName('api-svc-'), scopes: ['root'] })).status, 400);
  });

  test('rotate secret: the old secret is refused at the token endpoint, the new one works; a public client has none', async () => {
    const client = await server.createClient();
    const { tokens } = await signIn(client);
    const rotated = await admin.call('POST', `/clients/${client.clientId}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assert.equal(rotated.body.clientId, client.clientId);
    assert.ok(rotated.body.clientSecret.length >= 32 && rotated.body.clientSecret !== client.clientSecret);

    const withOld = await discover(server.issuer, client);
    await assert.rejects(oidc.refreshTokenGrant(withOld, tokens.refresh_token!), oauthError('invalid_client'));
    const withNew = await discover(server.issuer, { ...client, clientSecret: rotated.body.clientSecret });
    assert.ok((await oidc.refreshTokenGrant(withNew, tokens.refresh_token!)).access_token, "the users' grants stay");
    assert.ok(!JSON.stringify((await admin.call('GET', `/clients/${client.clientId}`)).body).includes(rotated.body.clientSecret));
    assert.deepEqual((await lastAudit('client.secret_rotated', client.clientId)).actor, { type: 'client', id: admin.clientId });

    const spa = await server.createClient({ public: true, secret: undefined });
    const publicRotation = await admin.call('POST', `/clients/${spa.clientId}/rotate-secret`);
    assert.deepEqual([publicRotation.status, publicRotation.body.error], [409, 'conflict']);
  });

  test('service clients: a rotation ends the old secret and its tokens; disabled, its token is refused; it cannot shut itself out', async () => {
    const scopes = ['helpdesk'];
    const registered = await registerServiceClient(server.app.admin, { clientId: uniqueName('svc-'), scopes });
    const clientId = registered.client_id;
    const oldToken = await clientCredentialsToken(server, clientId, registered.client_secret!, scopes);
    assert.equal((await callApi(server, oldToken, 'GET', '/accounts')).status, 200);

    const rotated = await admin.call('POST', `/clients/${clientId}/rotate-secret`);
    await assert.rejects(clientCredentialsToken(server, clientId, registered.client_secret!, scopes), oauthError('invalid_client'));
    assert.equal((await callApi(server, oldToken, 'GET', '/accounts')).status, 401, 'the token got with the old secret is revoked');
    const newToken = await clientCredentialsToken(server, clientId, rotated.body.clientSecret, scopes);
    assert.equal((await callApi(server, newToken, 'GET', '/accounts')).status, 200);

    assert.equal((await admin.call('PATCH', `/clients/${clientId}`, { redirectUris: ['https://x.example/cb'] })).status, 400, 'a service client has no redirect URIs');
    assert.equal((await admin.call('PATCH', `/clients/${clientId}`, { name: 'Helpdesk portal' })).body.name, 'Helpdesk portal');

    await admin.call('POST', `/clients/${clientId}/disable`);
    assert.equal((await callApi(server, newToken, 'GET', '/accounts')).status, 401);
    await assert.rejects(clientCredentialsToken(server, clientId, rotated.body.clientSecret, scopes), oauthError('invalid_client'));
    await admin.call('POST', `/clients/${clientId}/enable`);
    assert.equal((await callApi(server, await clientCredentialsToken(server, clientId, rotated.body.clientSecret, scopes), 'GET', '/accounts')).status, 200);

    const self = await adminApi(server, ['admin']);
    for (const [method, path] of [['POST', `/clients/${self.clientId}/disable`], ['DELETE', `/clients/${self.clientId}`]] as const) {
      const refused = await self.call(method, path);
      assert.deepEqual([refused.status, refused.body.error], [403, 'forbidden'], `${method} ${path}`);
    }
    assert.equal((await self.call('GET', '/clients')).status, 200, 'still in');
  });

  test('errors: helpdesk may not manage clients; an unknown client is 404 not_found; the OpenAPI document lists the routes', async () => {
    const client = await server.createClient();
    const helpdesk = await adminApi(server, ['helpdesk']);
    for (const [method, path] of [['GET', '/clients'], ['GET', `/clients/${client.clientId}`], ['PATCH', `/clients/${client.clientId}`], ['DELETE', `/clients/${client.clientId}`], ['POST', `/clients/${client.clientId}/rotate-secret`]] as const) {
      const res = await helpdesk.call(method, path, method === 'PATCH' ? { name: 'x' } : undefined);
      assert.deepEqual([res.status, res.body.error], [403, 'insufficient_scope'], `${method} ${path}`);
    }
    for (const [method, path, body] of [
      ['GET', '/clients/no-such-client'], ['PATCH', '/clients/no-such-client', { name: 'x' }], ['DELETE', '/clients/no-such-client'],
      ['POST', '/clients/no-such-client/disable'], ['POST', '/clients/no-such-client/enable'], ['POST', '/clients/no-such-client/rotate-secret'],
    ] as const) {
      const res = await admin.call(method, path, body);
      assert.deepEqual([res.status, res.body.error, res.body.message], [404, 'not_found', 'no client no-such-client'], `${method} ${path}`);
    }
    assert.equal((await admin.call('PATCH', `/clients/${client.clientId}`, '{"name": ')).status, 400);
    const doc = await callApi(server, null, 'GET', '/openapi.json');
    for (const path of ['/clients', '/clients/{clientId}', '/clients/{clientId}/disable', '/clients/{clientId}/enable', '/clients/{clientId}/rotate-secret']) {
      assert.ok(doc.body.paths[path], `${path} is documented`);
    }
    const maxAge = doc.body.paths['/clients/{clientId}'].patch.requestBody.content['application/json'].schema.properties.maxAge;
    assert.ok(maxAge.anyOf.some((s: { maximum?: number }) => s.maximum === 31_536_000), JSON.stringify(maxAge));
  });
});
