// A database that cannot be used: at start, an unreadable, locked or foreign file stops the
// provider with an error naming the file and the cause; while running, a read-only file (or a MongoDB
// that is gone) answers 503 with a readable page, and the next request works once it is back.
// (A full disk gives SQLITE_FULL, handled like SQLITE_READONLY: see storage/sqlite/errors.ts.)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { startServer } from '../../src/server.ts';
import type { MongoStorage } from '../../src/storage/mongo/index.ts';
import type { SqliteStorage } from '../../src/storage/sqlite/index.ts';
import { availableBackends, testBackend } from '../support/backends.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import { freePort, startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';

describe('a database file that cannot be opened stops the start with the file and the cause', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'pingate-badfile-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  const startOn = async (file: string, busyTimeoutMs = 5000) => {
    const config = loadConfig({ env: { NODE_ENV: 'test' }, overrides: { dataDir: folder, database: { uri: '', file, busyTimeoutMs }, server: { host: '127.0.0.1', port: await freePort() } } });
    return startServer({ config, env: {} });
  };

  test('a file that is not a database', async () => {
    const file = path.join(folder, 'notes.txt');
    writeFileSync(file, 'this is not a database, it is a text file with enough bytes to have a header '.repeat(20));
    await assert.rejects(startOn(file), (e: Error) => e.message === `cannot open the database file ${file}: the file is not a SQLite database`);
  });

  test('a path whose folder is a file', async () => {
    const blocker = path.join(folder, 'blocker');
    writeFileSync(blocker, '');
    await assert.rejects(startOn(path.join(blocker, 'pingate.db')), (e: Error) => e.message.startsWith(`cannot open the database file ${path.join(blocker, 'pingate.db')}: `));
  });

  test('a file another program keeps locked for writing', async () => {
    const file = path.join(folder, 'locked.db');
    const other = new DatabaseSync(file);
    other.exec('CREATE TABLE theirs (x); BEGIN EXCLUSIVE; INSERT INTO theirs VALUES (1);');
    try {
      await assert.rejects(startOn(file, 200), (e: Error) => e.message === `cannot open the database file ${file}: the file is locked by another program (waited for the busy timeout)`);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('a database that fails while running answers 503, then recovers', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer();
    client = await server.createClient();
  });
  after(async () => server?.close());

  test('a file that turns read-only (a disk remounted read-only): 503 with a readable page; then the same sign-in goes on', { skip: testBackend() !== 'sqlite' && 'the SQLite file' }, async () => {
    const database = (server.app.storage as SqliteStorage).database;
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const page = await submitUsername(auth.agent, auth.page, user.username);
    // Every write now fails with SQLITE_READONLY, as on a file system remounted read-only.
    database.exec('PRAGMA query_only = ON');
    let refused;
    try {
      refused = await submitPasscode(auth.agent, page, user.pin, await user.code());
    } finally {
      database.exec('PRAGMA query_only = OFF');
    }
    assert.equal(refused.status, 503);
    assert.match(refused.html, /Sign-in is unavailable for a moment/);
    assert.equal(refused.headers.get('retry-after'), '30');
    const retried = await submitPasscode(auth.agent, page, user.pin, await user.code());
    assert.ok(retried.leftTo?.startsWith(client.redirectUri), `once the file is writable again: ${retried.status}`);
  });
});

for (const kind of availableBackends().filter((k) => k === 'mongodb')) {
  describe(`a ${kind} server that is gone answers 503`, () => {
    test('the token endpoint answers temporarily_unavailable, pages a readable 503', async () => {
      const previous = process.env.PINGATE_TEST_BACKEND;
      process.env.PINGATE_TEST_BACKEND = kind;
      const server = await startTestServer();
      process.env.PINGATE_TEST_BACKEND = previous;
      try {
        const client = await server.createClient();
        const auth = await beginAuthorization(server.issuer, client);
        await (server.app.storage as MongoStorage).connection.close();
        const page = await submitUsername(auth.agent, auth.page, 'anyone');
        assert.equal(page.status, 503);
        assert.match(page.html, /Sign-in is unavailable for a moment/);
        const token = await fetch(`${server.issuer}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
          body: 'grant_type=refresh_token&refresh_token=whatever',
        });
        assert.equal(token.status, 503, await token.clone().text());
        assert.equal(((await token.json()) as { error: string }).error, 'temporarily_unavailable');
      } finally {
        await server.close().catch(() => undefined);
      }
    });
  });
}
