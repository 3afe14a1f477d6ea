// The audit log in MongoDB: one document per event in `audit_events`, newest first when read.
// Writes are awaited: an action whose audit record cannot be written reports the failure.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { AuditLog, AuditRecord } from '../../usecases/audit.ts';

const COLLECTION = 'audit_events';
type AuditDocument = Omit<AuditRecord, 'id'> & { _id: string };

export async function createMongoAuditLog(connection: Connection, clock: { now(): Date }): Promise<AuditLog> {
  const events = connection.db!.collection<AuditDocument>(COLLECTION);
  await events.createIndex({ 'account.id': 1, time: -1 });
  await events.createIndex({ time: -1 });
  return {
    async record(event) {
      await events.insertOne({ _id: randomUUID(), time: clock.now(), ...event });
    },
    async query({ accountId, event, since, until, limit, skip = 0 }) {
      const filter: Record<string, unknown> = {};
      if (accountId) filter['account.id'] = accountId;
      if (event) filter.event = event;
      if (since || until) filter.time = { ...(since ? { $gte: since } : {}), ...(until ? { $lt: until } : {}) };
      const docs = await events.find(filter).sort({ time: -1, _id: 1 }).skip(skip).limit(limit).toArray();
      return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
    },
  };
}
