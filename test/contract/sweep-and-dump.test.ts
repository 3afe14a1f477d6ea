// The sweep of expired records and the dump of every record, on every backend; and a dump moved
// from each backend into each other one comes back the same.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { PassThrough, Readable } from 'node:stream';
import { newSignInFlow } from '../../src/domain/signin/flow.ts';
import { readDump, writeDump } from '../../src/storage/dump-file.ts';
import type { DumpRecord } from '../../src/storage/dump-format.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { availableBackends, openTestStorage, uniqueName, type TestStorage } from '../support/backends.ts';
import { SettableClock } from '../support/clock.ts';
import { StoredRecords } from '../support/stored.ts';

/** One record of every collection, some expiring in 60 s. */
async function fill(storage: Storage, clock: SettableClock): Promise<void> {
  const now = clock.now();
  const account = await storage.accounts.create({ username: uniqueName('dump'), email: 'd@example.com', displayName: 'D', groups: ['a', 'b'] }, now);
  await storage.accounts.replacePin(account.id, { hash: '$argon2id$v=19$m=19456,t=2,p=1$x$y', state: 'SET', changedAt: now, history: ['old'], graceUntil: null }, null);
  await storage.accounts.setEnrolmentCode(account.id, 'enrol-hash', new Date(now.getTime() + 3_600_000));
  await storage.accounts.recordFailure(account.id, now, { maxFailures: 5, lockSeconds: 60 });
  await storage.accounts.markHadToken(account.id);
  await storage.tokens.create({ id: randomUUID(), serial: uniqueName('S'), accountId: account.id, type: 'totp', sealedSecret: 'v1.sealed.secret', algorithm: 'SHA256', digits: 8, period: 60 }, now);
  await storage.flows.create({ ...newSignInFlow(randomUUID(), 'csrf', now, 60), username: 'x', lastEmailSentAt: now });
  await storage.audit.record({ event: 'pin.set', outcome: 'success', actor: { type: 'operator', id: 'cli:me' }, account: { id: account.id, username: account.username }, details: { n: 1 } });
  await new storage.oidcAdapter('Session').upsert('h1.sess-1', { uid: 'uid-1', accountId: account.id }, 60);
  await new storage.oidcAdapter('Client').upsert('client-1', { client_id: 'client-1', client_secret: 'shh-secret-value', redirect_uris: ['https://x.example/cb'] });
  await storage.rateLimiter.allow('192.0.2.7', 'someone');
}

/** In a stable order (the backends list them differently); deepEqual ignores key order. */
const sorted = (records: DumpRecord[]) => {
  const key = (r: DumpRecord) => `${r.collection}:${'id' in r.record ? String(r.record.id) : ''}:${'key' in r.record ? r.record.key : ''}`;
  return [...records].sort((a, b) => key(a).localeCompare(key(b)));
};

for (const kind of availableBackends()) {
  describe(`sweep and dump on ${kind}`, () => {
    let opened: TestStorage;
    const clock = new SettableClock();

    before(async () => {
      opened = await openTestStorage(kind, { clock });
    });
    after(async () => opened?.close());

    test('the sweep removes expired flows, provider records and rate-limit windows, and keeps clients', async () => {
      const { storage } = opened;
      const stored = new StoredRecords(storage);
      await fill(storage, clock);
      const live = newSignInFlow(randomUUID(), 'csrf', clock.now(), 3600);
      await storage.flows.create(live);
      await new storage.oidcAdapter('Session').upsert('sess-live', { uid: 'uid-live' }, 3600);

      const removed = await storage.sweepExpired(new Date(clock.now().getTime() + 120_000));
      assert.ok(removed >= 3, `removed ${removed}`);
      assert.deepEqual((await stored.all('signin_flows')).map((f) => f.id), [live.id]);
      assert.deepEqual((await stored.all('oidc')).map((r) => r.id).sort(), ['client-1', 'sess-live']);
      assert.equal((await stored.all('rate_limits')).length, 0);
      assert.equal((await stored.all('accounts')).length, 1, 'accounts never expire');
    });
  });

  describe(`a bad dump imported into ${kind}`, () => {
    let opened: TestStorage;
    before(async () => {
      opened = await openTestStorage(kind);
    });
    after(async () => opened?.close());

    test('a malformed record stops the import, naming its line and field; SQLite keeps nothing of it', async () => {
      const header = '{"format":"pingate-export","version":1,"backend":"x","exportedAt":{"$date":"2026-11-23T00:00:00.000Z"}}';
      const account = (name: string) => JSON.stringify({ collection: 'accounts', record: { id: name, username: name, email: null, displayName: null, groups: [], status: 'ACTIVE', pin: { hash: null, state: 'NOT_SET', changedAt: null, history: [], graceUntil: null }, enrolment: null, lockout: { failures: 0, lockedAt: null, lockedUntil: null }, createdAt: { $date: '2026-11-01T00:00:00.000Z' } } });
      const broken = JSON.stringify({ collection: 'tokens', record: { id: 't1', serial: 'S1' } });
      await assert.rejects(opened.storage.importRecords(readDump(Readable.from(['not json\n']))), /not JSON/);
      await assert.rejects(opened.storage.importRecords(readDump(Readable.from([`${header}\n${account('first')}\n${broken}\n${account('third')}\n`]))), /line 3 \(tokens\): accountId/);
      if (kind === 'sqlite') {
        assert.equal((await new StoredRecords(opened.storage).all('accounts')).length, 0, 'nothing of the failed import is kept');
        const counts = await opened.storage.importRecords(readDump(Readable.from([`${header}\n${account('again')}\n`])));
        assert.equal(counts.accounts, 1, 'and the database can be imported into again');
      }
    });
  });

  for (const target of availableBackends()) {
    describe(`a dump from ${kind} imported into ${target}`, () => {
      let source: TestStorage;
      let destination: TestStorage;
      const clock = new SettableClock();

      before(async () => {
        source = await openTestStorage(kind, { clock });
        // The same PINGATE_SECRET_KEY on both sides: the sealed secrets are moved as they are.
        destination = await openTestStorage(target, { clock, secretBox: source.secretBox });
      });
      after(async () => {
        await source?.close();
        await destination?.close();
      });

      test('every record arrives unchanged, secrets still sealed; a second import is refused', async () => {
        await fill(source.storage, clock);
        const pipe = new PassThrough();
        const written = writeDump(source.storage, pipe, clock.now()).then((counts) => {
          pipe.end();
          return counts;
        });
        const counts = await destination.storage.importRecords(readDump(pipe));
        assert.deepEqual(await written, { accounts: 1, tokens: 1, signin_flows: 1, audit_events: 1, oidc: 2, rate_limits: 2 });
        assert.deepEqual(counts, { accounts: 1, tokens: 1, signin_flows: 1, audit_events: 1, oidc: 2, rate_limits: 2 });

        const exported: DumpRecord[] = [];
        for await (const r of source.storage.exportRecords()) exported.push(r);
        const imported: DumpRecord[] = [];
        for await (const r of destination.storage.exportRecords()) imported.push(r);
        assert.deepEqual(sorted(imported), sorted(exported));
        assert.ok(!JSON.stringify(imported).includes('shh-secret-value'), 'the client secret stays sealed');
        assert.equal((await new destination.storage.oidcAdapter('Client').find('client-1'))!.client_secret, 'shh-secret-value', 'opened with the same key');

        await assert.rejects(destination.storage.importRecords(readDump(Readable.from([`{"format":"pingate-export","version":1,"backend":"x","exportedAt":{"$date":"2026-11-23T00:00:00.000Z"}}\n`]))), /not empty/);
      });
    });
  }
}
