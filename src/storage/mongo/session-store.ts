// SessionStore on MongoDB: an account's sessions and grants, ending one of them or everything
// oidc-provider keeps for it, through the payload.accountId index of each oidc_<Model>
// collection (every filter names the account, so one account never reaches another's records); what a client was
// issued goes through the payload.clientId index.
import type { Connection } from 'mongoose';
import type { Clock, SessionStore } from '../../usecases/ports.ts';
import { ACCOUNT_MODELS, clientModels, GRANTABLE_MODELS, grantSummary, sessionEnding, sessionSummary, sidUnderGrant } from '../oidc-payloads.ts';
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
  const isLive = (d: StoredDocument) => !d.expiresAt || d.expiresAt.getTime() > clock.now().getTime();
  /** Deletes the account's grant and what was issued under it; how many records went. */
  const deleteGrant = async (accountId: string, grantId: string): Promise<number> => {
    let removed = (await collection('Grant').deleteOne({ _id: grantId, 'payload.accountId': accountId } as never)).deletedCount;
    for (const model of GRANTABLE_MODELS) removed += (await collection(model).deleteMany({ 'payload.grantId': grantId, 'payload.accountId': accountId } as never)).deletedCount;
    return removed;
  };
  return {
    async listForAccount(accountId) {
      const docs = await collection('Session').find({ 'payload.accountId': accountId } as never).toArray();
      return docs.filter(isLive).map((d) => sessionSummary(d.payload, d.expiresAt ?? null));
    },
    async listGrantsForAccount(accountId) {
      const docs = await collection('Grant').find({ 'payload.accountId': accountId } as never).toArray();
      return docs.filter(isLive).map((d) => grantSummary(d._id, d.payload, d.expiresAt ?? null));
    },
    async revokeSession(accountId, uid) {
      const found = await collection('Session').findOne({ 'payload.uid': uid, 'payload.accountId': accountId } as never);
      if (!found || !isLive(found)) return null;
      // Of two requests ending it at once, one deletes it and ends what goes with it.
      if ((await collection('Session').deleteOne({ _id: found._id, 'payload.accountId': accountId } as never)).deletedCount === 0) return null;
      const { sids, grantIds } = sessionEnding(found.payload);
      let tokens = 0;
      for (const grantId of grantIds) tokens += await deleteGrant(accountId, grantId);
      return { uid, sids, tokens };
    },
    async revokeGrant(accountId, grantId) {
      const grant = await collection('Grant').findOne({ _id: grantId, 'payload.accountId': accountId } as never);
      if (!grant) return null;
      const clientId = String(grant.payload.clientId);
      const sessions = await collection('Session').find({ 'payload.accountId': accountId } as never).toArray();
      const sids = sessions.map((d) => sidUnderGrant(d.payload, clientId, grantId)).filter((sid) => sid !== null);
      return { clientId, tokens: await deleteGrant(accountId, grantId), sids };
    },
    revokeForAccount: (accountId) => revokeWhere({ 'payload.accountId': accountId }),
    async extendSession(uid, seconds, exp) {
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + seconds * 1000);
      await collection('Session').updateOne(
        { 'payload.uid': uid, expiresAt: { $gt: now, $lt: expiresAt } } as never,
        { $set: { expiresAt, 'payload.exp': exp } } as never,
      );
    },
    revokeForEveryone: () => revokeWhere({ 'payload.accountId': { $exists: true } }),
    async revokeForClient(clientId, which) {
      let removed = 0;
      for (const model of clientModels(which)) removed += (await collection(model).deleteMany({ 'payload.clientId': clientId } as never)).deletedCount;
      return removed;
    },
  };
}
