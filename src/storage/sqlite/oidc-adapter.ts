// oidc-provider's storage adapter on SQLite: one table for every model, keyed by (model, id),
// with the fields oidc-provider looks records up by (grantId, uid, userCode) copied into indexed
// columns. Expiry is checked in every read; the sweep deletes expired rows.
import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import type { SecretBox } from '../../security/secret-box.ts';
import type { Clock } from '../../usecases/ports.ts';
import { providerClient } from '../client-records.ts';
import { sealClient, type ClientCache } from '../oidc-payloads.ts';
import type { SqliteDatabase } from './database.ts';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The fields records are looked up by, as the indexed columns grant_id, uid, user_code, account_id. */
export const lookupColumns = (payload: Readonly<Record<string, unknown>>): [string | null, string | null, string | null, string | null] => [
  text(payload.grantId),
  text(payload.uid),
  text(payload.userCode),
  text(payload.accountId),
];

/** `clients` is shared with the client store, so a change made through either is seen at once. */
export function createSqliteOidcAdapter(db: SqliteDatabase, secretBox: SecretBox, clock: Clock, clients: ClientCache): AdapterConstructor {
  return class SqliteOidcAdapter implements Adapter {
    private readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const stored = this.model === 'Client' ? sealClient(payload, secretBox) : payload;
      const expiresAt = expiresIn ? clock.now().getTime() + expiresIn * 1000 : null;
      db.run(
        `INSERT INTO oidc (model, id, payload, grant_id, uid, user_code, account_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
           user_code = excluded.user_code, account_id = excluded.account_id, expires_at = coalesce(excluded.expires_at, expires_at)`,
        this.model, id, JSON.stringify(stored), ...lookupColumns(payload), expiresAt,
      );
      if (this.model === 'Client') clients.forget(id);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const read = () => this.one('id = ?', id);
      if (this.model !== 'Client') return read();
      return clients.find(id, async () => {
        const payload = await read();
        return payload && providerClient(payload, secretBox);
      });
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.one('user_code = ?', userCode);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.one('uid = ?', uid);
    }

    async consume(id: string): Promise<void> {
      db.run("UPDATE oidc SET payload = json_set(payload, '$.consumed', ?) WHERE model = ? AND id = ?", Math.floor(clock.now().getTime() / 1000), this.model, id);
    }

    async destroy(id: string): Promise<void> {
      db.run('DELETE FROM oidc WHERE model = ? AND id = ?', this.model, id);
      if (this.model === 'Client') clients.forget(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      db.run('DELETE FROM oidc WHERE grant_id = ? AND model = ?', grantId, this.model);
    }

    private async one(where: string, value: string): Promise<AdapterPayload | undefined> {
      const row = db.get<{ payload: string }>(
        `SELECT payload FROM oidc WHERE model = ? AND ${where} AND (expires_at IS NULL OR expires_at > ?)`,
        this.model, value, clock.now().getTime(),
      );
      return row ? (JSON.parse(row.payload) as AdapterPayload) : undefined;
    }
  };
}
