// FlowStore on MongoDB: sign-in flows keyed by interaction uid. Saves are optimistic
// (version check in the filter), so a double submit cannot run a step twice. Expiry is checked
// when reading (FerretDB has no TTL indexes); on MongoDB a TTL index also removes old flows.
import type { Connection } from 'mongoose';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { FlowStore } from '../../usecases/ports.ts';
import { tryCreateTtlIndex } from './connection.ts';

const COLLECTION = 'signin_flows';

type FlowDocument = Omit<SignInFlow, 'id'> & { _id: string };

export function createFlowStore(connection: Connection, clock: { now(): Date }): FlowStore {
  const flows = () => connection.db!.collection<FlowDocument>(COLLECTION);

  return {
    async create(flow) {
      const { id, ...rest } = flow;
      // Replaces an expired flow of the same id; with a live one the filter does not match and
      // the upsert's insert fails on the duplicate _id.
      await flows().updateOne({ _id: id, expiresAt: { $lte: clock.now() } }, { $set: rest }, { upsert: true });
    },
    async find(id) {
      // By _id alone (FerretDB runs only an _id filter in SQL), expiry checked here.
      const doc = await flows().findOne({ _id: id });
      if (!doc || doc.expiresAt.getTime() <= clock.now().getTime()) return null;
      const { _id, ...rest } = doc;
      return { id: _id, ...rest } as SignInFlow;
    },
    async save(flow) {
      const { id, version, ...rest } = flow;
      const result = await flows().updateOne({ _id: id, version }, { $set: { ...rest, version: version + 1 } });
      return result.modifiedCount === 1;
    },
  };
}

export async function ensureFlowIndexes(connection: Connection): Promise<boolean> {
  return tryCreateTtlIndex(connection, COLLECTION, 'expiresAt');
}
