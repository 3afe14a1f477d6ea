// SessionStore on SQLite: an account's sessions and grants, ending one of them or everything
// oidc-provider keeps for it, through the indexed account_id column of the oidc table (every
// statement names the account, so one account never reaches another's records); what a client was issued goes
// through the index on the payload's clientId (oidc_by_client).
import type { Clock, SessionStore } from '../../usecases/ports.ts';
import { ACCOUNT_MODELS, clientModels, GRANTABLE_MODELS, grantSummary, sessionEnding, sessionSummary, sidUnderGrant } from '../oidc-payloads.ts';
import type { SqliteDatabase } from './database.ts';

export function createSqliteSessionStore(db: SqliteDatabase, clock: Clock): SessionStore {
  const models = ACCOUNT_MODELS.map((m) => `'${m}'`).join(', ');
  const grantable = [...GRANTABLE_MODELS].map((m) => `'${m}'`).join(', ');
  const live = '(expires_at IS NULL OR expires_at > ?)';
  const expiry = (ms: number | null) => (ms === null ? null : new Date(ms));
  /** Deletes the account's grant and what was issued under it; how many records went. */
  const deleteGrant = (accountId: string, grantId: string): number =>
    db.run("DELETE FROM oidc WHERE model = 'Grant' AND id = ? AND account_id = ?", grantId, accountId) +
    db.run(`DELETE FROM oidc WHERE grant_id = ? AND account_id = ? AND model IN (${grantable})`, grantId, accountId);
  return {
    async listForAccount(accountId) {
      const rows = db.all<{ payload: string; expires_at: number | null }>(
        "SELECT payload, expires_at FROM oidc WHERE account_id = ? AND model = 'Session' AND (expires_at IS NULL OR expires_at > ?)",
        accountId, clock.now().getTime(),
      );
      return rows.map((r) => sessionSummary(JSON.parse(r.payload) as Record<string, unknown>, expiry(r.expires_at)));
    },
    async listGrantsForAccount(accountId) {
      const rows = db.all<{ id: string; payload: string; expires_at: number | null }>(
        `SELECT id, payload, expires_at FROM oidc WHERE account_id = ? AND model = 'Grant' AND ${live}`,
        accountId, clock.now().getTime(),
      );
      return rows.map((r) => grantSummary(r.id, JSON.parse(r.payload) as Record<string, unknown>, expiry(r.expires_at)));
    },
    async revokeSession(accountId, uid) {
      return db.transaction(() => {
        const row = db.get<{ id: string; payload: string }>(
          `SELECT id, payload FROM oidc WHERE model = 'Session' AND uid = ? AND account_id = ? AND ${live}`,
          uid, accountId, clock.now().getTime(),
        );
        if (!row) return null;
        db.run("DELETE FROM oidc WHERE model = 'Session' AND id = ?", row.id);
        const { sids, grantIds } = sessionEnding(JSON.parse(row.payload) as Record<string, unknown>);
        const tokens = grantIds.reduce((sum, grantId) => sum + deleteGrant(accountId, grantId), 0);
        return { uid, sids, tokens };
      });
    },
    async revokeGrant(accountId, grantId) {
      return db.transaction(() => {
        const row = db.get<{ payload: string }>("SELECT payload FROM oidc WHERE model = 'Grant' AND id = ? AND account_id = ?", grantId, accountId);
        if (!row) return null;
        const { clientId } = JSON.parse(row.payload) as { clientId: string };
        const sessions = db.all<{ payload: string }>("SELECT payload FROM oidc WHERE account_id = ? AND model = 'Session'", accountId);
        const sids = sessions.map((r) => sidUnderGrant(JSON.parse(r.payload) as Record<string, unknown>, clientId, grantId)).filter((sid) => sid !== null);
        return { clientId, tokens: deleteGrant(accountId, grantId), sids };
      });
    },
    async revokeForAccount(accountId) {
      return db.transaction(() => {
        const sessions = db.run("DELETE FROM oidc WHERE account_id = ? AND model = 'Session'", accountId);
        const tokens = db.run(`DELETE FROM oidc WHERE account_id = ? AND model IN (${models})`, accountId);
        return { sessions, tokens };
      });
    },
    async extendSession(uid, seconds, exp) {
      const now = clock.now().getTime();
      db.run(
        "UPDATE oidc SET expires_at = ?1, payload = json_set(payload, '$.exp', ?2) WHERE model = 'Session' AND uid = ?3 AND expires_at > ?4 AND expires_at < ?1",
        now + seconds * 1000, exp, uid, now,
      );
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
