// oidc-provider's storage adapter on MongoDB: one collection per model ("oidc_<Model>"),
// documents { _id, payload, expiresAt }. Expiry is checked on every read because FerretDB
// has no TTL indexes; where the server has them (MongoDB) a TTL index also deletes old rows.
// Client secrets are sealed at rest like token secrets.
import type { Collection, Connection } from 'mongoose';
import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import type { SecretBox } from '../../security/secret-box.ts';
import type { Clock } from '../../usecases/ports.ts';
import { providerClient } from '../client-records.ts';
import { ACCOUNT_MODELS, CLIENT_MODELS, GRANTABLE_MODELS, sealClient, type ClientCache } from '../oidc-payloads.ts';
import { tryCreateTtlIndex } from './connection.ts';

export interface StoredDocument {
  _id: string;
  payload: AdapterPayload;
  expiresAt?: Date;
}

export const oidcCollectionName = (model: string): string => `oidc_${model}`;

/** `clients` is shared with the client store, so a change made through either is seen at once. */
export function createOidcAdapterFactory(connection: Connection, secretBox: SecretBox, clock: Clock, clients: ClientCache): AdapterConstructor {
  return class MongoOidcAdapter implements Adapter {
    private readonly model: string;
    private readonly collection: Collection<StoredDocument>;

    constructor(model: string) {
      this.model = model;
      this.collection = connection.db!.collection<StoredDocument>(oidcCollectionName(model)) as never;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const stored = this.model === 'Client' ? sealClient(payload, secretBox) : payload;
      const expiresAt = expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000) : undefined;
      await this.collection.updateOne(
        { _id: id },
        { $set: { payload: stored, ...(expiresAt ? { expiresAt } : {}) } },
        { upsert: true },
      );
      if (this.model === 'Client') clients.forget(id);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model !== 'Client') return this.findOne({ _id: id });
      return clients.find(id, async () => {
        const payload = await this.findOne({ _id: id });
        return payload && providerClient(payload, secretBox);
      });
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findOne({ 'payload.userCode': userCode });
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findOne({ 'payload.uid': uid });
    }

    async consume(id: string): Promise<void> {
      await this.collection.updateOne({ _id: id }, { $set: { 'payload.consumed': Math.floor(clock.now().getTime() / 1000) } });
    }

    async destroy(id: string): Promise<void> {
      await this.collection.deleteOne({ _id: id });
      if (this.model === 'Client') clients.forget(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await this.collection.deleteMany({ 'payload.grantId': grantId });
    }

    private async findOne(filter: Record<string, unknown>): Promise<AdapterPayload | undefined> {
      const doc = await this.collection.findOne(filter as never);
      if (!doc) return undefined;
      if (doc.expiresAt && doc.expiresAt.getTime() <= clock.now().getTime()) return undefined;
      return doc.payload;
    }
  };
}

/** Indexes for the lookups oidc-provider makes; TTL only where the server accepts it. */
export async function ensureOidcIndexes(connection: Connection): Promise<{ ttl: boolean }> {
  const db = connection.db!;
  const models = [
    'Session', 'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'ClientCredentials',
    'Client', 'InitialAccessToken', 'RegistrationAccessToken', 'Interaction', 'ReplayDetection',
    'PushedAuthorizationRequest', 'Grant', 'BackchannelAuthenticationRequest',
  ];
  let ttl = true;
  for (const model of models) {
    const name = oidcCollectionName(model);
    if (GRANTABLE_MODELS.has(model)) await db.collection(name).createIndex({ 'payload.grantId': 1 });
    if (ACCOUNT_MODELS.includes(model)) await db.collection(name).createIndex({ 'payload.accountId': 1 });
    if (CLIENT_MODELS.includes(model)) await db.collection(name).createIndex({ 'payload.clientId': 1 });
    if (model === 'DeviceCode') await db.collection(name).createIndex({ 'payload.userCode': 1 }, { unique: true, sparse: true });
    if (model === 'Session') await db.collection(name).createIndex({ 'payload.uid': 1 }, { unique: true });
    if (model !== 'Client') ttl = (await tryCreateTtlIndex(connection, name, 'expiresAt')) && ttl;
  }
  return { ttl };
}
