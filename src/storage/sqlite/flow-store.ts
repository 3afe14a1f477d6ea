// FlowStore on SQLite: sign-in flows keyed by interaction uid, as JSON. Saves are optimistic
// (the version in the WHERE clause), so a double submit cannot run a step twice; expiry is
// checked on read and expired rows are swept.
import { DomainError } from '../../domain/errors.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { Clock, FlowStore } from '../../usecases/ports.ts';
import { parseWithDates, stringifyWithDates } from '../json-dates.ts';
import type { SqliteDatabase } from './database.ts';

export function createSqliteFlowStore(db: SqliteDatabase, clock: Clock): FlowStore {
  return {
    async create(flow) {
      const { id, version, ...data } = flow;
      const stored = db.get<{ version: number }>(
        `INSERT INTO signin_flows (id, version, expires_at, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET version = signin_flows.version + 1, expires_at = ?3, data = ?4
           WHERE signin_flows.expires_at <= ?5
         RETURNING version`,
        id, version, flow.expiresAt.getTime(), stringifyWithDates(data), clock.now().getTime(),
      );
      if (!stored) throw new DomainError('duplicate', 'a sign-in flow with this id exists', { flowId: id });
      return { ...flow, version: stored.version };
    },
    async find(id) {
      const row = db.get<{ version: number; expires_at: number; data: string }>(
        'SELECT version, expires_at, data FROM signin_flows WHERE id = ? AND expires_at > ?',
        id, clock.now().getTime(),
      );
      if (!row) return null;
      return { ...parseWithDates<Omit<SignInFlow, 'id' | 'version'>>(row.data), id, version: row.version };
    },
    async save(flow) {
      const { id, version, ...data } = flow;
      const changed = db.run(
        'UPDATE signin_flows SET version = ?, expires_at = ?, data = ? WHERE id = ? AND version = ?',
        version + 1, flow.expiresAt.getTime(), stringifyWithDates(data), id, version,
      );
      return changed === 1;
    },
  };
}
