// The administration API over HTTP with real access tokens (client credentials grant), the
// real database and the same use cases the CLI runs: every endpoint, authorisation by scope,
// validation errors, idempotency and paging.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { totpAt } from '../../src/security/totp.ts';
import { adminApi, callApi, type AdminApi } from '../support/admin-api.ts';
import { startTestServer, uniqueName, type TestServer } from '../support/server.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';
import * as oidc from 'openid-client';

describe('administration API', () => {
  let server: TestServer;
  let admin: AdminApi;
  let helpdesk: AdminApi;

  before(async () => {
    server = await startTestServer();
    admin = await adminApi(server, ['admin']);
    helpdesk = await adminApi(server, ['helpdesk']);
  });
  after(async () => server?.close());

  test('the OpenAPI document describes every route and needs no token', async () => {
    const doc = await callApi(server, null, 'GET', '/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.1.0');
    for (const path of ['/accounts', '/accounts/{username}', '/accounts/{username}/sessions', '/accounts/{username}/pin/reset', '/accounts/{username}/tokens', '/tokens/{serial}/resync', '/audit', '/pin/force-change']) {
      assert.ok(doc.body.paths[path], `${path} is documented`);
    }
    assert.equal(doc.body.paths['/accounts'].post.requestBody.content['application/json'].schema.properties.username.type, 'string');
  });

  test('no token, a bad token, and a user access token are all refused with 401', async () => {
    const user = await server.createUser();
    const client = await server.createClient();
    const auth = await beginAuthorization(server.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    const userToken = (await redeem(auth, done.leftTo!)).access_token;
    for (const token of [null, 'not-a-token', userToken]) {
      const res = await callApi(server, token, 'GET', '/accounts');
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'unauthorized');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer /);
    }
  });

  test('accounts: create, read, update, disable/enable, search with paging, delete', async () => {
    const prefix = uniqueName('api').toLowerCase();
    const created = await admin.call('POST', '/accounts', { username: `${prefix}-a`, email: 'a@example.com', displayName: 'Ann', groups: ['staff'] });
    assert.equal(created.status, 201);
    assert.equal(created.body.username, `${prefix}-a`);
    assert.equal(created.headers.get('location'), `/admin/api/accounts/${prefix}-a`);
    assert.equal(created.body.pin.state, 'NOT_SET');
    assert.ok(!JSON.stringify(created.body).includes('hash'));

    const duplicate = await admin.call('POST', '/accounts', { username: `${prefix}-a` });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error, 'duplicate');

    for (const suffix of ['b', 'c', 'd']) assert.equal((await admin.call('POST', '/accounts', { username: `${prefix}-${suffix}` })).status, 201);
    const page1 = await helpdesk.call('GET', `/accounts?search=${prefix}&limit=2&offset=0`);
    const page2 = await helpdesk.call('GET', `/accounts?search=${prefix}&limit=2&offset=2`);
    assert.equal(page1.body.total, 4);
    assert.deepEqual(page1.body.items.map((a: { username: string }) => a.username), [`${prefix}-a`, `${prefix}-b`]);
    assert.deepEqual(page2.body.items.map((a: { username: string }) => a.username), [`${prefix}-c`, `${prefix}-d`]);
    const byEmail = await helpdesk.call('GET', '/accounts?search=a%40example.com&limit=500');
    assert.ok(byEmail.body.items.some((a: { username: string }) => a.username === `${prefix}-a`));

    const read = await helpdesk.call('GET', `/accounts/${prefix}-a`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.groups, ['staff']);

    const updated = await admin.call('PATCH', `/accounts/${prefix}-a`, { displayName: 'Ann Other', groups: ['staff', 'finance'] });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.displayName, 'Ann Other');
    assert.deepEqual(updated.body.groups, ['staff', 'finance']);

    assert.equal((await admin.call('POST', `/accounts/${prefix}-a/disable`)).body.status, 'DISABLED');
    assert.equal((await admin.call('POST', `/accounts/${prefix}-a/enable`)).body.status, 'ACTIVE');

    assert.equal((await admin.call('DELETE', `/accounts/${prefix}-d`)).status, 204);
    assert.equal((await helpdesk.call('GET', `/accounts/${prefix}-d`)).status, 404);
    assert.equal((await admin.call('DELETE', `/accounts/${prefix}-d`)).status, 404);
  });

  test('validation errors are 400 and list every bad field; nothing is written', async () => {
    const username = uniqueName('bad');
    const res = await admin.call('POST', '/accounts', { username, email: 'not-an-email', groups: ['ok', 'bad group!'], extra: 1 });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_input');
    assert.ok(res.body.fields.extra, JSON.stringify(res.body));
    const second = await admin.call('POST', '/accounts', { username, email: 'not-an-email', groups: ['bad group!'] });
    assert.deepEqual(Object.keys(second.body.fields).sort(), ['email', 'groups']);
    assert.equal((await helpdesk.call('GET', `/accounts/${username.toLowerCase()}`)).status, 404, 'nothing half-written');
    const notJson = await admin.call('POST', '/accounts', '{"username": ');
    assert.equal(notJson.status, 400);
    const query = await helpdesk.call('GET', '/accounts?limit=0');
    assert.equal(query.status, 400);
    assert.ok(query.body.fields.limit);
  });

  test('helpdesk may unlock, reset and force a change, but never set a known PIN or change accounts and tokens', async () => {
    const user = await server.createUser();
    const forbidden: Array<[string, string, unknown?]> = [
      ['PUT', `/accounts/${user.username}/pin`, { pin: '583196' }],
      ['POST', '/accounts', { username: uniqueName('x') }],
      ['PATCH', `/accounts/${user.username}`, { displayName: 'x' }],
      ['DELETE', `/accounts/${user.username}`],
      ['POST', `/accounts/${user.username}/disable`],
      ['POST', `/accounts/${user.username}/tokens`, { type: 'totp' }],
      ['POST', '/pin/force-change', { all: true }],
    ];
    for (const [method, path, body] of forbidden) {
      const res = await helpdesk.call(method, path, body);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error, 'insufficient_scope');
    }
    assert.equal((await server.app.accounts.findById(user.id))!.status, 'ACTIVE', 'nothing changed');

    const unlock1 = await helpdesk.call('POST', `/accounts/${user.username}/unlock`);
    const unlock2 = await helpdesk.call('POST', `/accounts/${user.username}/unlock`);
    assert.deepEqual([unlock1.status, unlock2.status], [200, 200]);
    const force = await helpdesk.call('POST', `/accounts/${user.username}/pin/force-change`);
    assert.deepEqual(force.body, { accounts: 1 });
    const reset1 = await helpdesk.call('POST', `/accounts/${user.username}/pin/reset`);
    const reset2 = await helpdesk.call('POST', `/accounts/${user.username}/pin/reset`);
    assert.deepEqual([reset1.body, reset2.body], [{ state: 'NOT_SET' }, { state: 'NOT_SET' }], 'reset is idempotent');
    const policy = await helpdesk.call('GET', `/accounts/${user.username}/policy`);
    assert.match(policy.body.description, /digits/);
  });

  test('helpdesk lists an account\'s sessions and ends them: the refresh token stops, the ending is audited', async () => {
    const user = await server.createUser();
    const client = await server.createClient();
    const auth = await beginAuthorization(server.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    const tokens = await redeem(auth, done.leftTo!);
    const listed = await helpdesk.call('GET', `/accounts/${user.username}/sessions`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.items.length, 1);
    assert.deepEqual(listed.body.items[0].clients, [client.clientId]);
    assert.deepEqual(listed.body.items[0].amr, ['pin', 'otp', 'mfa']);
    assert.ok(!JSON.stringify(listed.body).includes(auth.agent.cookieValue('_session') ?? 'no-cookie'), 'no session cookie value');
    const ended = await helpdesk.call('DELETE', `/accounts/${user.username}/sessions`);
    assert.equal(ended.status, 200);
    assert.equal(ended.body.sessions, 1);
    assert.ok(ended.body.tokens >= 2, 'the grant and the tokens went too');
    assert.deepEqual((await helpdesk.call('GET', `/accounts/${user.username}/sessions`)).body.items, []);
    await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!));
    const audit = await helpdesk.call('GET', `/audit?account=${user.username}&event=sessions.ended`);
    assert.equal(audit.body.items[0].reason, 'revoked');
    assert.deepEqual(audit.body.items[0].actor, { type: 'client', id: helpdesk.clientId });
  });

  test("admin ends everyone's sessions at once; helpdesk may not", async () => {
    const client = await server.createClient();
    const signedIn = [];
    for (let i = 0; i < 2; i++) {
      const user = await server.createUser();
      const auth = await beginAuthorization(server.issuer, client);
      const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
      signedIn.push({ auth, tokens: await redeem(auth, done.leftTo!) });
    }
    assert.equal((await helpdesk.call('DELETE', '/sessions')).status, 403);
    const ended = await admin.call('DELETE', '/sessions');
    assert.equal(ended.status, 200);
    assert.ok(ended.body.sessions >= 2, JSON.stringify(ended.body));
    for (const { auth, tokens } of signedIn) {
      await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!));
      const again = await beginAuthorization(server.issuer, client, {}, auth.agent);
      assert.equal(again.page.leftTo, null, 'signs in again');
    }
    const audit = await admin.call('GET', '/audit?event=sessions.ended');
    assert.ok(audit.body.items.some((e: { reason: string; actor: { id: string } }) => e.reason === 'revoked_everyone' && e.actor.id === admin.clientId));
  });

  test('admin sets a PIN (policy enforced), forces a group change', async () => {
    const user = await server.createUser({ groups: ['api-group'] });
    const refused = await admin.call('PUT', `/accounts/${user.username}/pin`, { pin: '1234' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.fields.pin, ['length.min', 'sequence', 'common']);
    const set = await admin.call('PUT', `/accounts/${user.username}/pin`, { pin: '583196', waiveChangeOnFirstUse: true });
    assert.deepEqual(set.body, { state: 'SET' });
    const group = await admin.call('POST', '/pin/force-change', { group: 'api-group' });
    assert.deepEqual(group.body, { accounts: 1 });
    assert.equal((await admin.call('POST', '/pin/force-change', { group: 'api-group', all: true })).status, 400);
  });

  test('tokens: enrol TOTP (secret and QR once), enrol email, list, disable, enable, resync, delete', async () => {
    const user = await server.createUser({ email: `${uniqueName('t')}@example.com` });
    const enrolled = await admin.call('POST', `/accounts/${user.username}/tokens`, { type: 'totp', digits: 8, algorithm: 'SHA256' });
    assert.equal(enrolled.status, 201);
    assert.match(enrolled.body.otpauthUri, /^otpauth:\/\/totp\//);
    assert.match(enrolled.body.qr.png, /^data:image\/png;base64,/);
    assert.match(enrolled.body.qr.svg, /^<svg/);
    assert.equal(enrolled.body.token.digits, 8);
    const serial = enrolled.body.token.serial as string;

    const email = await admin.call('POST', `/accounts/${user.username}/tokens`, { type: 'email' });
    assert.equal(email.status, 201);
    const list = await helpdesk.call('GET', `/accounts/${user.username}/tokens`);
    assert.equal(list.body.items.length, 3);
    assert.ok(!JSON.stringify(list.body).includes(enrolled.body.secret), 'the secret is never listed');

    assert.equal((await admin.call('POST', `/tokens/${serial}/disable`)).body.state, 'DISABLED');
    assert.equal((await admin.call('POST', `/tokens/${serial}/enable`)).body.state, 'ACTIVE');

    // Resync: an authenticator 10 steps (5 minutes) ahead.
    const parameters = { algorithm: 'SHA256' as const, digits: 8 as const, period: 30 };
    const ahead = (steps: number) => totpAt(enrolled.body.secret, parameters, new Date(server.clock.now().getTime() + steps * 30_000));
    server.clock.awayFromStepBoundary();
    const resync = await admin.call('POST', `/tokens/${serial}/resync`, { code1: await ahead(10), code2: await ahead(11) });
    assert.equal(resync.status, 200, JSON.stringify(resync.body));
    assert.equal(resync.body.driftSteps, 11);
    const replay = await admin.call('POST', `/tokens/${serial}/resync`, { code1: await ahead(10), code2: await ahead(11) });
    assert.equal(replay.status, 400);
    const wrong = await admin.call('POST', `/tokens/${serial}/resync`, { code1: '12345678', code2: '87654321' });
    assert.equal(wrong.status, 400);

    assert.equal((await admin.call('DELETE', `/tokens/${serial}`)).status, 204);
    assert.equal((await admin.call('DELETE', `/tokens/${serial}`)).status, 404);
    assert.equal((await helpdesk.call('GET', `/accounts/${user.username}/tokens`)).body.items.length, 2);
  });

  test('the audit log is queryable by account and time, naming the acting client', async () => {
    const since = new Date(server.clock.now().getTime() - 1000).toISOString();
    const user = await server.createUser();
    await helpdesk.call('POST', `/accounts/${user.username}/unlock`);
    const res = await helpdesk.call('GET', `/audit?account=${user.username}&since=${encodeURIComponent(since)}`);
    assert.equal(res.status, 200);
    const unlock = res.body.items.find((e: { event: string }) => e.event === 'account.unlocked');
    assert.ok(unlock, JSON.stringify(res.body.items.map((e: { event: string }) => e.event)));
    assert.deepEqual(unlock.actor, { type: 'client', id: helpdesk.clientId });
    assert.equal(unlock.account.username, user.username);
    assert.equal((await helpdesk.call('GET', '/audit?since=yesterday')).status, 400);
    assert.equal((await helpdesk.call('GET', '/audit?account=nobody-at-all')).status, 404);
  });

  test('a client over its request limit gets 429', async () => {
    const limited = await startTestServer({ rateLimit: { windowSeconds: 60, perIp: 1000, perUsername: 1000, adminPerClient: 3 } });
    try {
      const api = await adminApi(limited, ['helpdesk']);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api.call('GET', '/accounts')).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      assert.equal((await api.call('GET', '/accounts')).body.error, 'rate_limited');
    } finally {
      await limited.close();
    }
  });

  test('unknown endpoints answer JSON 404', async () => {
    const res = await admin.call('GET', '/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'not_found');
  });
});
