// The log and the audit trail as an operator reads them after an incident (ASVS 5.0 V16): every
// request line and every audit record carries the request id (also answered in X-Request-Id),
// the client's address and the route; a sign-in's success records its amr and acr; refusals
// that were logged nowhere are logged (admin API 401, a forged form, malformed fields,
// invalid_client, a refresh token used twice); and no PIN, code or secret is in any line.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { createLogger } from '../../src/logging.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';

type Line = Record<string, unknown> & { event?: string; requestId?: string; ip?: string; route?: string };

describe('request logs and audit context', () => {
  const lines: Line[] = [];
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
        callback();
      },
    });
    server = await startTestServer({}, { logger: createLogger('debug', { destination }) });
    client = await server.createClient();
  });
  after(() => server?.close());

  const since = (mark: number) => lines.slice(mark);

  test('each request line and audit record names the request, the address and the route; the sign-in records amr and acr', async () => {
    const mark = lines.length;
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const page = await submitUsername(auth.agent, auth.page, user.username);
    const code = await user.code();
    const done = await submitPasscode(auth.agent, page, user.pin, code);
    assert.ok(done.leftTo);
    const requestId = done.headers.get('x-request-id');
    assert.match(requestId ?? '', /^[0-9a-f-]{36}$/);

    const requests = since(mark).filter((line) => line.event === 'http.request');
    assert.ok(requests.length >= 4);
    for (const line of requests) {
      assert.match(line.requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(line.ip, '127.0.0.1');
      assert.ok(line.route && line.route !== 'unmatched', `a route: ${JSON.stringify(line)}`);
      assert.equal(typeof line.status, 'number');
    }
    assert.ok(requests.some((line) => line.route === 'authorization'));
    assert.ok(requests.some((line) => line.route === '/interaction/:uid' && line.method === 'POST'));
    const security = since(mark).find((line) => line.event === 'signin.success');
    assert.equal(security?.route, '/interaction/:uid', 'the audit line has the route too');

    const [record] = await server.app.audit.query({ accountId: user.id, event: 'signin.success', limit: 1 });
    assert.equal(record?.ip, '127.0.0.1');
    assert.equal(record?.details?.route, '/interaction/:uid');
    assert.match(String(record?.details?.requestId), /^[0-9a-f-]{36}$/);
    assert.ok(requests.some((line) => line.requestId === record?.details?.requestId), 'the audit record joins its request line');
    assert.equal(record?.details?.amr, 'pin otp mfa');
    assert.equal(record?.details?.acr, server.config.signin.acr);

    const text = JSON.stringify(since(mark));
    assert.ok(!text.includes(user.pin) && !text.includes(code), 'no PIN or code in the log');
  });

  test('a request id from the client is not taken without a trusted proxy', async () => {
    const response = await fetch(`${server.issuer}/.well-known/openid-configuration`, { headers: { 'x-request-id': 'chosen-by-the-client-0001' } });
    assert.notEqual(response.headers.get('x-request-id'), 'chosen-by-the-client-0001');
  });

  test('refusals are logged: admin API without credentials, a forged form, malformed fields, invalid_client, a refresh token used twice', async () => {
    const mark = lines.length;
    assert.equal((await fetch(`${server.issuer}/admin/api/accounts`)).status, 401);
    // A sign-in page posted without its CSRF token.
    const auth = await beginAuthorization(server.issuer, client);
    const forged = await auth.agent.post(auth.page.url, { username: 'someone' });
    assert.equal(forged.status, 403);
    // The same field twice: malformed.
    const twice = await auth.agent.postRaw(auth.page.url, 'username=a&username=b');
    assert.equal(twice.status, 400);
    // A wrong client secret at the token endpoint.
    const wrongSecret = await fetch(`${server.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.clientId}:not-the-secret`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    assert.equal(wrongSecret.status, 401);
    // A public client's refresh token, rotated at use, then presented again.
    // (On an https redirect URI: a loopback one would ask for consent, anyone could claim it.)
    const publicClient = await server.createClient({ public: true, redirectUris: ['https://app.example.test/callback'] });
    const user = await server.createUser();
    const signIn = await beginAuthorization(server.issuer, publicClient);
    const done = await submitPasscode(signIn.agent, await submitUsername(signIn.agent, signIn.page, user.username), user.pin, await user.code());
    const tokens = await redeem(signIn, done.leftTo!);
    await oidc.refreshTokenGrant(signIn.config, tokens.refresh_token!);
    await assert.rejects(oidc.refreshTokenGrant(signIn.config, tokens.refresh_token!));

    const logged = since(mark);
    const refused = logged.filter((line) => line.event === 'http.refused');
    assert.ok(refused.some((line) => line.status === 401 && line.route === '/admin/api/*' && line.level === 40), `admin API 401 at warn: ${JSON.stringify(refused)}`);
    assert.ok(refused.some((line) => line.error === 'csrf_mismatch' && line.route === '/interaction/:uid' && line.level === 40), JSON.stringify(refused));
    assert.ok(refused.some((line) => line.status === 400 && line.error === 'invalid_input' && line.route === '/interaction/*' && JSON.stringify(line.fields) === '["username"]'), JSON.stringify(refused));
    const invalidClient = logged.find((line) => line.event === 'oidc.error' && line.error === 'invalid_client');
    assert.equal(invalidClient?.client, client.clientId);
    assert.equal(invalidClient?.route, 'token');
    assert.ok(logged.some((line) => line.event === 'oidc.refresh_token_reused' && line.client === publicClient.clientId), JSON.stringify(logged.filter((line) => String(line.event).startsWith('oidc'))));
    const text = JSON.stringify(logged);
    assert.ok(!text.includes('not-the-secret') && !text.includes(tokens.refresh_token!), 'no secret or token in the log');
  });
});
