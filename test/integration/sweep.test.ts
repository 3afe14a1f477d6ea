// The sweep of expired records (for databases without TTL indexes): expired flows, provider
// artifacts and rate-limit windows go; live ones and registered clients stay.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/storage/mongo/connection.ts';
import { sweepExpired } from '../../src/storage/mongo/sweep.ts';
import { testDatabaseUri, uniqueName } from '../support/server.ts';

let connection: Connection;
before(async () => {
  connection = await connectDatabase(testDatabaseUri(uniqueName('pingate_sweep_')));
});
after(async () => connection?.close());

test('expired records are deleted, live ones and clients kept', async () => {
  const db = connection.db!;
  const now = new Date();
  const past = new Date(now.getTime() - 60_000);
  const future = new Date(now.getTime() + 60_000);
  await db.collection('signin_flows').insertMany([{ _id: 'old', expiresAt: past } as never, { _id: 'live', expiresAt: future } as never]);
  await db.collection('oidc_Session').insertMany([{ _id: 'old', expiresAt: past } as never, { _id: 'live', expiresAt: future } as never]);
  await db.collection('oidc_Client').insertOne({ _id: 'client', payload: {}, expiresAt: past } as never);
  await db.collection('rate_limits').insertMany([{ key: 'a', expire: past }, { key: 'b', expire: future }]);

  assert.equal(await sweepExpired(connection, now), 3);
  assert.deepEqual((await db.collection('signin_flows').find().toArray()).map((d) => d._id), ['live']);
  assert.deepEqual((await db.collection('oidc_Session').find().toArray()).map((d) => d._id), ['live']);
  assert.equal(await db.collection('oidc_Client').countDocuments(), 1, 'clients never expire');
  assert.deepEqual((await db.collection('rate_limits').find().toArray()).map((d) => d.key), ['b']);
});
