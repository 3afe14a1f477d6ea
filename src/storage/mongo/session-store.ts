// SessionStore on MongoDB: an account's sessions, and ending everything oidc-provider keeps for
// it, through the payload.accountId index of each oidc_<Model> collection; what a client was
// issued goes through the payload.clientId index.
import type { Connection } from 'mongoose';
import type { Clock, SessionStore } from '../../usecases/ports.ts';
import { ACCOUNT_MODELS, clientModels, sessionSummary } from '../oidc-payloads.ts';
import { oidcCollectionName, type StoredDocument } from './oidc-adapter.ts';

export function createMongoSessionStore(connection: Connection, clock: Clock): SessionStore {
  const collection = (model: string) => connection.db!.collection<StoredDocument>(oidcCollectionName(model));
  /** Deletes the account records matching `filter`, sessions counted apart from the rest. */
  const revokeWhere = async (filter: Record<string, unknown>) => {
    let sessions = 0;
    let tokens = 0;
    for (const model of ACCOUNT_MODELS) {
      const deleted = (await collection(model).deleteMany(filter as never)).deletedCount;
      if (model === 'Session') sessions = deleted;
      else tokens += deleted;
    }
    return { sessions, tokens };
  };
  return {
    async listForAccount(accountId) {
      const docs = await collection('Session').find({ 'payload.accountId': accountId } as never).toArray();
      const now = clock.now().getTime();
      return docs.filter((d) => !d.expiresAt || d.expiresAt.getTime() > now).map((d) => sessionSummary(d.payload, d.expiresAt ?? null));
    },
    revokeForAccount: (accountId) => revokeWhere({ 'payload.accountId': accountId }),
    revokeForEveryone: () => revokeWhere({ 'payload.accountId': { $exists: true } }),
    async revokeForClient(clientId, which) {
      let removed = 0;
      for (const model of clientModels(which)) removed += (await collection(model).deleteMany({ 'payload.clientId': clientId } as never)).deletedCount;
      return removed;
    },
  };
}
