// SessionStore on SQLite: an account's sessions, and ending everything oidc-provider keeps for
// it, through the indexed account_id column of the oidc table; what a client was issued goes
// through the index on the payload's clientId (oidc_by_client).
import type { Clock, SessionStore } from '../../usecases/ports.ts';
import { ACCOUNT_MODELS, clientModels, sessionSummary } from '../oidc-payloads.ts';
import type { SqliteDatabase } from './database.ts';

export function createSqliteSessionStore(db: SqliteDatabase, clock: Clock): SessionStore {
  const models = ACCOUNT_MODELS.map((m) => `'${m}'`).join(', ');
  return {
    async listForAccount(accountId) {
      const rows = db.all<{ payload: string; expires_at: number | null }>(
        "SELECT payload, expires_at FROM oidc WHERE account_id = ? AND model = 'Session' AND (expires_at IS NULL OR expires_at > ?)",
        accountId, clock.now().getTime(),
      );
      return rows.map((r) => sessionSummary(JSON.parse(r.payload) as Record<string, unknown>, r.expires_at === null ? null : new Date(r.expires_at)));
    },
    async revokeForAccount(accountId) {
      return db.transaction(() => {
        const sessions = db.run("DELETE FROM oidc WHERE account_id = ? AND model = 'Session'", accountId);
        const tokens = db.run(`DELETE FROM oidc WHERE account_id = ? AND model IN (${models})`, accountId);
        return { sessions, tokens };
      });
    },
    async revokeForEveryone() {
      return db.transaction(() => {
        const sessions = db.run("DELETE FROM oidc WHERE account_id IS NOT NULL AND model = 'Session'");
        const tokens = db.run(`DELETE FROM oidc WHERE account_id IS NOT NULL AND model IN (${models})`);
        return { sessions, tokens };
      });
    },
    async revokeForClient(clientId, which) {
      const models = clientModels(which).map((m) => `'${m}'`).join(', ');
      return db.run(`DELETE FROM oidc WHERE json_extract(payload, '$.clientId') = ? AND model IN (${models})`, clientId);
    },
  };
}
