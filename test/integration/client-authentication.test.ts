// Client authentication at the token, introspection and revocation endpoints is rate limited
// per client id and IP: failures count, successes do not, and over the limit that client id
// from that IP gets 429 even with the right secret until the window ends; other clients behind
// the same address go on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestClient, type TestServer } from '../support/server.ts';

describe('client authentication rate limit', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer({ rateLimit: { clientAuthFailures: 3, windowSeconds: 60 } });
    client = await server.createClient();
  });
  after(async () => server?.close());

  const post = (path: string, secret: string, body: Record<string, string>) =>
    fetch(`${server.issuer}${path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body),
    });
  const introspect = (secret: string) => post('/token/introspection', secret, { token: 'some-token' });

  test('successes never count; failures do; over the limit even the right secret gets 429', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await introspect(client.clientSecret!)).status, 200);
    const wrong = [];
    for (const path of ['/token', '/token/introspection', '/token/revocation']) {
      const response = await post(path, 'wrong-secret', path === '/token' ? { grant_type: 'refresh_token', refresh_token: 'x' } : { token: 'x' });
      wrong.push([response.status, ((await response.json()) as { error: string }).error]);
    }
    assert.deepEqual(wrong, [[401, 'invalid_client'], [401, 'invalid_client'], [401, 'invalid_client']]);
    const blocked = await introspect(client.clientSecret!);
    assert.equal(blocked.status, 429);
    assert.equal(blocked.headers.get('retry-after'), '60');
    assert.equal(((await blocked.json()) as { error: string }).error, 'too_many_requests');
  });

  test('another client behind the same address is not blocked by one client\'s failures', async () => {
    const neighbour = await server.createClient();
    const response = await fetch(`${server.issuer}/token/introspection`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${neighbour.clientId}:${neighbour.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'x' }),
    });
    assert.equal(response.status, 200);
  });
});
