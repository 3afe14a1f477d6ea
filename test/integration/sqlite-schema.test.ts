// The embedded database's schema version: a file written by an earlier Pingate is brought up to
// date when it is opened (its data kept), and a file from a newer Pingate is refused.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { StorageOpenError } from '../../src/storage/errors.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/index.ts';
import { SCHEMA_VERSION } from '../../src/storage/sqlite/schema.ts';
import { systemClock } from '../../src/usecases/ports.ts';

const folder = mkdtempSync(path.join(os.tmpdir(), 'pingate-schema-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const open = (file: string) =>
  openSqliteStorage({ file, secretBox: createSecretBox(randomBytes(32)), clock: systemClock, rateLimit: { windowSeconds: 60, perIp: 5, perUsername: 5, adminPerClient: 5, recoveryEmailsPerHour: 5, clientAuthFailures: 5, validatePerCaller: 100 }, durable: false });

test('a version 1 file gets the index of what clients were issued, and keeps its records', async () => {
  const file = path.join(folder, 'v1.db');
  const first = open(file);
  await first.accounts.create({ username: 'kept', email: null, displayName: null, groups: [] }, new Date());
  // What version 1 had: no index of the payload's clientId, no had_token column.
  first.database.exec('DROP INDEX oidc_by_client; ALTER TABLE accounts DROP COLUMN had_token; PRAGMA user_version = 1');
  await first.close();

  const again = open(file);
  try {
    assert.equal(again.database.get<{ user_version: number }>('PRAGMA user_version')!.user_version, SCHEMA_VERSION);
    const plan = again.database.all<{ detail: string }>("EXPLAIN QUERY PLAN DELETE FROM oidc WHERE json_extract(payload, '$.clientId') = ? AND model IN ('AccessToken')", 'x');
    assert.match(plan.map((p) => p.detail).join(' '), /USING INDEX oidc_by_client/);
    assert.ok(await again.accounts.findByUsername('kept'));
  } finally {
    await again.close();
  }
});

test('a file from a newer Pingate is refused', async () => {
  const file = path.join(folder, 'newer.db');
  const storage = open(file);
  storage.database.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  await storage.close();
  assert.throws(() => open(file), (error: Error) => error instanceof StorageOpenError && /schema version/.test(error.message));
});
