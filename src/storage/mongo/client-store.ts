// ClientStore on MongoDB: clients are oidc-provider's Client documents (oidc_Client), read and
// written here with Pingate's own fields (disabled, revision), which the adapter hides from
// oidc-provider. A change forgets the adapter's cached entry, so this process sees it at once.
import type { Connection } from 'mongoose';
import type { SecretBox } from '../../security/secret-box.ts';
import type { ClientStore } from '../../usecases/ports.ts';
import { CLIENT_REVISION, registeredClient, sealedUnderOldKey, storedClient } from '../client-records.ts';
import type { ClientCache } from '../oidc-payloads.ts';
import { oidcCollectionName, type StoredDocument } from './oidc-adapter.ts';

export function createMongoClientStore(connection: Connection, secretBox: SecretBox, cache: ClientCache): ClientStore {
  const collection = () => connection.db!.collection<StoredDocument>(oidcCollectionName('Client'));
  return {
    async save(metadata) {
      const payload = storedClient({ metadata, enabled: true }, 0, secretBox);
      await collection().updateOne({ _id: metadata.client_id }, { $set: { payload } }, { upsert: true });
      cache.forget(metadata.client_id);
    },
    async find(clientId) {
      const doc = await collection().findOne({ _id: clientId });
      return doc ? registeredClient(doc.payload, secretBox) : null;
    },
    async list() {
      const docs = await collection().find({}).sort({ _id: 1 }).toArray();
      return docs.map((d) => registeredClient(d.payload, secretBox));
    },
    async listSealedUnderOldKeys() {
      const docs = await collection().find({}).sort({ _id: 1 }).toArray();
      return docs.filter((d) => sealedUnderOldKey(d.payload, secretBox)).map((d) => registeredClient(d.payload, secretBox));
    },
    async replace(next) {
      const id = next.metadata.client_id;
      // Revision 0 is stored as no field at all (a client never changed since registration).
      const revision = next.revision === 0 ? { $exists: false } : next.revision;
      const payload = storedClient(next, next.revision + 1, secretBox);
      const result = await collection().updateOne({ _id: id, [`payload.${CLIENT_REVISION}`]: revision } as never, { $set: { payload } });
      cache.forget(id);
      return result.matchedCount === 1;
    },
    async remove(clientId) {
      const result = await collection().deleteOne({ _id: clientId });
      cache.forget(clientId);
      return result.deletedCount > 0;
    },
  };
}
