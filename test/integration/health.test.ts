// Liveness and readiness on each backend the run can reach: /healthz answers while the process
// lives; /readyz answers 200 while the database reads and the keys are loaded, and 503 naming
// the database once it cannot be read, while /healthz still answers (restarting the process would
// not help).
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import type { MongoStorage } from '../../src/storage/mongo/index.ts';
import type { SqliteStorage } from '../../src/storage/sqlite/index.ts';
import { availableBackends } from '../support/backends.ts';
import { startTestServer } from '../support/server.ts';

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
};

for (const kind of availableBackends()) {
  describe(`health and readiness on ${kind}`, () => {
    test('ready while the database reads; 503 naming it when it cannot, while the process is alive', async () => {
      const previous = process.env.PINGATE_TEST_BACKEND;
      process.env.PINGATE_TEST_BACKEND = kind;
      const server = await startTestServer();
      process.env.PINGATE_TEST_BACKEND = previous;
      try {
        assert.deepEqual((await get(`${server.issuer}/healthz`)).body, { status: 'ok' });
        const ready = await get(`${server.issuer}/readyz`);
        assert.equal(ready.status, 200);
        assert.deepEqual(ready.body, { status: 'ready', checks: { database: 'ok', signingKeys: 'ok' } });
        assert.equal(ready.headers.get('cache-control'), 'no-store');
        assert.equal((await fetch(`${server.issuer}/readyz`, { method: 'POST' })).status, 404, 'probes are GET');

        // A shutdown has begun (SIGTERM): the accepted requests finish, the balancer is told to stop.
        server.app.lifecycle.stopping = true;
        const stopping = await get(`${server.issuer}/readyz`);
        assert.equal(stopping.status, 503);
        assert.deepEqual(stopping.body, { status: 'stopping' });
        assert.equal((await get(`${server.issuer}/healthz`)).status, 200);
        server.app.lifecycle.stopping = false;

        // The database goes away (the connection closed, the file handle closed).
        if (kind === 'mongodb') await (server.app.storage as MongoStorage).connection.close();
        else (server.app.storage as SqliteStorage).database.close();
        const down = await get(`${server.issuer}/readyz`);
        assert.equal(down.status, 503);
        assert.equal(down.body.status, 'unavailable');
        assert.deepEqual(down.body.checks, { database: 'unavailable', signingKeys: 'ok' });
        assert.equal(down.headers.get('retry-after'), '5');
        assert.equal((await get(`${server.issuer}/healthz`)).status, 200);
      } finally {
        await server.close().catch(() => undefined);
      }
    });
  });
}

describe('signing keys at start-up', () => {
  test('without a private key of the ID tokens\' algorithm the provider does not start, and says what to do', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const jwks = JSON.stringify({ keys: [{ ...rsa, alg: 'RS256', use: 'sig', kid: 'rsa-only' }] });
    await assert.rejects(startTestServer({ oidc: { idTokenSigningAlg: 'ES256' } }, { env: { PINGATE_JWKS: jwks } }), /no ES256 signing key for oidc\.idTokenSigningAlg/);
    const server = await startTestServer({ oidc: { idTokenSigningAlg: 'RS256' } }, { env: { PINGATE_JWKS: jwks } });
    try {
      assert.equal((await fetch(`${server.issuer}/readyz`)).status, 200);
    } finally {
      await server.close();
    }
  });
});
