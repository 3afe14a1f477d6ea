// Data written by an earlier Pingate, on every backend: a database of the first version (SQLite
// schema 1, MongoDB documents without a version) and a dump of format 1 give every account that
// has, or by the audit trail had, an active or disabled token the mark that keeps self-enrolment
// closed; accounts that never had one (or only a token never activated) stay without it.
import { SCHEMA_VERSION } from '../../src/storage/sqlite/schema.ts';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { Readable } from 'node:stream';
import { readDump } from '../../src/storage/dump-file.ts';
import { recordLine } from '../../src/storage/dump-format.ts';
import type { MongoStorage } from '../../src/storage/mongo/index.ts';
import { openStorage, sqliteFile } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';
import type { TokenState } from '../../src/usecases/ports.ts';
import { availableBackends, openTestStorage, uniqueName, type TestStorage } from '../support/backends.ts';

const now = new Date('2026-11-23T12:00:00Z');

/** Accounts as an earlier version left them: with an active, a disabled, a deleted (audited),
 * a pending and no token. Answers their ids by name. */
async function earlierAccounts(storage: Storage): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const withToken = async (name: string, state: TokenState | null) => {
    const account = await storage.accounts.create({ username: uniqueName(name), email: null, displayName: null, groups: [] }, now);
    ids[name] = account.id;
    if (state) await storage.tokens.create({ id: randomUUID(), serial: uniqueName('S'), accountId: account.id, type: 'totp', state, sealedSecret: 'v1.x', algorithm: 'SHA1', digits: 6, period: 30 }, now);
    return account;
  };
  await withToken('active', 'ACTIVE');
  await withToken('disabled', 'DISABLED');
  const deleted = await withToken('deleted', 'ACTIVE');
  await storage.audit.record({ event: 'token.enrolled', outcome: 'success', actor: { type: 'operator', id: 'cli:x' }, account: { id: deleted.id, username: deleted.username } });
  await storage.tokens.deleteForAccount(deleted.id);
  await withToken('pending', 'PENDING');
  await withToken('none', null);
  return ids;
}

async function marks(storage: Storage, ids: Record<string, string>): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const [name, id] of Object.entries(ids)) out[name] = (await storage.accounts.findById(id))!.hadToken;
  return out;
}

const expected = { active: true, disabled: true, deleted: true, pending: false, none: false };

/** Turns the database back into what the first version wrote: no mark, no version of it. */
async function downgrade(kind: string, opened: TestStorage): Promise<void> {
  if (kind === 'sqlite') {
    const db = new DatabaseSync(sqliteFile(opened.config));
    db.exec('ALTER TABLE accounts DROP COLUMN had_token; DROP INDEX oidc_by_client; PRAGMA user_version = 1;');
    db.close();
    return;
  }
  const db = (opened.storage as MongoStorage).connection.db!;
  await db.collection('accounts').updateMany({}, { $unset: { hadToken: '' } });
  await db.collection('pingate_meta').deleteMany({});
}

for (const kind of availableBackends()) {
  describe(`data of an earlier version on ${kind}`, () => {
    let opened: TestStorage;
    before(async () => {
      opened = await openTestStorage(kind);
    });
    after(async () => opened?.close());

    test('opening a database of the first version marks the accounts that had a token, and drops tokens and sessions stored under their value', async () => {
      const ids = await earlierAccounts(opened.storage);
      const sessions = new opened.storage.oidcAdapter('Session');
      const tokens = new opened.storage.oidcAdapter('RefreshToken');
      const grants = new opened.storage.oidcAdapter('Grant');
      await sessions.upsert('clear-session-id', { uid: 'u-clear', accountId: 'a' }, 3600);
      await tokens.upsert('clear-refresh-token', { accountId: 'a' }, 3600);
      await sessions.upsert('h1.hashed-session-id', { uid: 'u-hashed', accountId: 'a' }, 3600);
      await grants.upsert('grant-id', { accountId: 'a', clientId: 'c' }, 3600);
      await downgrade(kind, opened);
      // Opened again, as a provider of the new version would open it.
      const reopened = await openStorage(opened.config, { secretBox: opened.secretBox, clock: { now: () => now }, durable: false });
      try {
        assert.deepEqual(await marks(reopened, ids), expected);
        const adapter = (model: string) => new reopened.oidcAdapter(model);
        assert.equal(await adapter('Session').find('clear-session-id'), undefined, 'a session under its cookie value is gone');
        assert.equal(await adapter('RefreshToken').find('clear-refresh-token'), undefined, 'a refresh token under its value is gone');
        assert.ok(await adapter('Session').find('h1.hashed-session-id'), 'a hashed one stays');
        assert.ok(await adapter('Grant').find('grant-id'), 'grants are not credentials: they stay');
        if (kind === 'sqlite') {
          const db = new DatabaseSync(sqliteFile(opened.config), { readOnly: true });
          assert.equal((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, SCHEMA_VERSION);
          db.close();
        }
      } finally {
        await reopened.close();
      }
    });
  });

  describe(`a dump of format 1 imported into ${kind}`, () => {
    let source: TestStorage;
    let destination: TestStorage;
    before(async () => {
      source = await openTestStorage(kind);
      destination = await openTestStorage(kind);
    });
    after(async () => {
      await source?.close();
      await destination?.close();
    });

    test('its accounts get the mark from their tokens and the audit trail; tokens and sessions under their clear value are left out', async () => {
      const ids = await earlierAccounts(source.storage);
      await new source.storage.oidcAdapter('AccessToken').upsert('a-clear-access-token', { accountId: 'a' }, 3600);
      await new source.storage.oidcAdapter('Grant').upsert('a-grant', { accountId: 'a', clientId: 'c' }, 3600);
      // As the first version wrote it: header version 1, accounts without the mark.
      const lines = [JSON.stringify({ format: 'pingate-export', version: 1, backend: kind, exportedAt: { $date: now.toISOString() } })];
      for await (const entry of source.storage.exportRecords()) {
        if (entry.collection !== 'accounts') lines.push(recordLine(entry));
        else {
          const { hadToken: _left, ...record } = entry.record;
          lines.push(recordLine({ collection: 'accounts', record: record as typeof entry.record }));
        }
      }
      await destination.storage.importRecords(readDump(Readable.from([`${lines.join('\n')}\n`])));
      assert.deepEqual(await marks(destination.storage, ids), expected);
      assert.equal(await new destination.storage.oidcAdapter('AccessToken').find('a-clear-access-token'), undefined, 'not stored in clear');
      assert.ok(await new destination.storage.oidcAdapter('Grant').find('a-grant'), 'a grant is no credential: imported');
    });
  });
}
