// FlowStore on MongoDB: sign-in flows keyed by interaction uid. Saves are optimistic
// (version check in the filter), so a double submit cannot run a step twice. Expiry is checked
// when reading (FerretDB has no TTL indexes); on MongoDB a TTL index also removes old flows.
import type { Connection } from 'mongoose';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { FlowStore } from '../../usecases/ports.ts';
import { DomainError } from '../../domain/errors.ts';
import { isDuplicateKeyError, tryCreateTtlIndex } from './connection.ts';

const COLLECTION = 'signin_flows';

type FlowDocument = Omit<SignInFlow, 'id'> & { _id: string };

export function createFlowStore(connection: Connection, clock: { now(): Date }): FlowStore {
  const flows = () => connection.db!.collection<FlowDocument>(COLLECTION);

  return {
    async create(flow) {
      const { id, ...rest } = flow;
      try {
        await flows().insertOne({ _id: id, ...rest });
        return flow;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      // The id is taken: an expired flow is replaced, one version on; a live one is not.
      const { version: _old, ...fields } = rest;
      const replaced = await flows().findOneAndUpdate(
        { _id: id, expiresAt: { $lte: clock.now() } },
        { $set: fields, $inc: { version: 1 } },
        { returnDocument: 'after' },
      );
      if (!replaced) throw new DomainError('duplicate', 'a sign-in flow with this id exists', { flowId: id });
      return { ...flow, version: replaced.version };
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
