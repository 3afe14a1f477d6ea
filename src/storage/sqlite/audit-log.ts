// The audit log on SQLite: one row per event, newest first when read. The columns the queries
// filter on (time, event, account) are columns with indexes; the rest of the record is JSON.
import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditLog, AuditRecord } from '../../usecases/audit.ts';
import type { Clock } from '../../usecases/ports.ts';
import { parseWithDates, stringifyWithDates } from '../json-dates.ts';
import type { SqlValue, SqliteDatabase } from './database.ts';

interface AuditRow {
  id: string;
  time: number;
  data: string;
}

export function createSqliteAuditLog(db: SqliteDatabase, clock: Clock): AuditLog {
  return {
    async record(event) {
      db.run(
        'INSERT INTO audit_events (id, time, event, account_id, data) VALUES (?, ?, ?, ?, ?)',
        randomUUID(), clock.now().getTime(), event.event, event.account?.id ?? null, stringifyWithDates(event),
      );
    },
    async query({ accountId, event, since, until, limit, skip = 0 }) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      const add = (clause: string, value: SqlValue) => {
        where.push(clause);
        params.push(value);
      };
      if (accountId) add('account_id = ?', accountId);
      if (event) add('event = ?', event);
      if (since) add('time >= ?', since.getTime());
      if (until) add('time < ?', until.getTime());
      const rows = db.all<AuditRow>(
        `SELECT id, time, data FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, id LIMIT ? OFFSET ?`,
        ...params, limit, skip,
      );
      return rows.map(auditFromRow);
    },
  };
}

export const auditFromRow = (row: AuditRow): AuditRecord => ({ ...parseWithDates<AuditEvent>(row.data), id: row.id, time: new Date(row.time) });
