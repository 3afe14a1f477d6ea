// ClientStore on SQLite: clients are oidc-provider's Client records in the oidc table, read and
// written here with Pingate's own fields (disabled, revision), which the adapter hides from
// oidc-provider. A change forgets the adapter's cached entry, so this process sees it at once.
import type { SecretBox } from '../../security/secret-box.ts';
import type { ClientStore } from '../../usecases/ports.ts';
import type { AdapterPayload } from 'oidc-provider';
import { CLIENT_REVISION, registeredClient, sealedUnderOldKey, storedClient } from '../client-records.ts';
import type { ClientCache } from '../oidc-payloads.ts';
import type { SqliteDatabase } from './database.ts';

export function createSqliteClientStore(db: SqliteDatabase, secretBox: SecretBox, cache: ClientCache): ClientStore {
  const read = (row: { payload: string }) => registeredClient(JSON.parse(row.payload), secretBox);
  return {
    async save(metadata) {
      const payload = JSON.stringify(storedClient({ metadata, enabled: true }, 0, secretBox));
      db.run("INSERT INTO oidc (model, id, payload) VALUES ('Client', ?, ?) ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload", metadata.client_id, payload);
      cache.forget(metadata.client_id);
    },
    async find(clientId) {
      const row = db.get<{ payload: string }>("SELECT payload FROM oidc WHERE model = 'Client' AND id = ?", clientId);
      return row ? read(row) : null;
    },
    async list() {
      return db.all<{ payload: string }>("SELECT payload FROM oidc WHERE model = 'Client' ORDER BY id").map(read);
    },
    async listSealedUnderOldKeys() {
      return db
        .all<{ payload: string }>("SELECT payload FROM oidc WHERE model = 'Client' ORDER BY id")
        .map((row) => JSON.parse(row.payload) as AdapterPayload)
        .filter((payload) => sealedUnderOldKey(payload, secretBox))
        .map((payload) => registeredClient(payload, secretBox));
    },
    async replace(next) {
      const id = next.metadata.client_id;
      const payload = JSON.stringify(storedClient(next, next.revision + 1, secretBox));
      const changed = db.run(
        `UPDATE oidc SET payload = ? WHERE model = 'Client' AND id = ? AND coalesce(json_extract(payload, '$.${CLIENT_REVISION}'), 0) = ?`,
        payload, id, next.revision,
      );
      cache.forget(id);
      return changed === 1;
    },
    async remove(clientId) {
      const removed = db.run("DELETE FROM oidc WHERE model = 'Client' AND id = ?", clientId);
      cache.forget(clientId);
      return removed > 0;
    },
  };
}
