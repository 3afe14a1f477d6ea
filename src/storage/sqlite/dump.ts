// Every record of the embedded database in the backend-neutral dump form, and back. The export
// reads through a connection of its own, in one read transaction: a consistent snapshot even
// while the server writes (WAL lets it go on), one row at a time. The import is one transaction:
// a bad record leaves the database as empty as it was.
import { DomainError } from '../../domain/errors.ts';
import { DumpFormatError, type CollectionName, type DumpRecord } from '../dump-format.ts';
import { parseWithDates, stringifyWithDates } from '../json-dates.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { SqliteDatabase } from './database.ts';
import { accountFromRow, msOrNull, tokenFromRow, type AccountRow, type TokenRow } from './rows.ts';
import { auditFromRow } from './audit-log.ts';
import { lookupColumns } from './oidc-adapter.ts';
import { MARK_ACCOUNTS_THAT_HAD_TOKENS } from './schema.ts';

export async function* exportSqlite(file: string): AsyncIterable<DumpRecord> {
  const db = new SqliteDatabase(file, { readOnly: true });
  try {
    db.exec('BEGIN');
    yield* readAll(db);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

function* readAll(db: SqliteDatabase): Iterable<DumpRecord> {
  for (const row of db.iterate<AccountRow>('SELECT * FROM accounts ORDER BY username')) yield { collection: 'accounts', record: accountFromRow(row) };
  for (const row of db.iterate<TokenRow>('SELECT * FROM tokens ORDER BY created_at, id')) yield { collection: 'tokens', record: tokenFromRow(row) };
  for (const row of db.iterate<{ id: string; version: number; data: string }>('SELECT id, version, data FROM signin_flows')) {
    yield { collection: 'signin_flows', record: { ...parseWithDates<Omit<SignInFlow, 'id' | 'version'>>(row.data), id: row.id, version: row.version } };
  }
  for (const row of db.iterate<{ id: string; time: number; data: string }>('SELECT id, time, data FROM audit_events ORDER BY time, id')) {
    yield { collection: 'audit_events', record: auditFromRow(row) };
  }
  for (const row of db.iterate<{ model: string; id: string; payload: string; expires_at: number | null }>('SELECT model, id, payload, expires_at FROM oidc')) {
    yield { collection: 'oidc', record: { model: row.model, id: row.id, payload: JSON.parse(row.payload) as Record<string, unknown>, expiresAt: row.expires_at === null ? null : new Date(row.expires_at) } };
  }
  for (const row of db.iterate<{ key: string; points: number; expires_at: number }>('SELECT key, points, expires_at FROM rate_limits')) {
    yield { collection: 'rate_limits', record: { key: row.key, points: row.points, expiresAt: new Date(row.expires_at) } };
  }
}

/** Refuses a database that already holds accounts or provider records: import is for a new one. */
export function assertEmpty(db: SqliteDatabase): void {
  const used = db.get<{ n: number }>('SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM oidc) AS n')!.n;
  if (used > 0) throw new DomainError('conflict', `the database file ${db.file} is not empty: import into a new database`);
}

export async function importSqlite(db: SqliteDatabase, records: AsyncIterable<DumpRecord>): Promise<Record<CollectionName, number>> {
  const counts: Record<CollectionName, number> = { accounts: 0, tokens: 0, signin_flows: 0, audit_events: 0, oidc: 0, rate_limits: 0 };
  // One write transaction, held while the records stream in: the file's write lock keeps other
  // processes out. Nothing else in this process may use this connection meanwhile (the callers,
  // `pingate db import` and the bench's fill, use it for the import alone).
  db.exec('BEGIN IMMEDIATE');
  try {
    assertEmpty(db);
    let n = 0;
    for await (const record of records) {
      n += 1;
      try {
        insert(db, record);
      } catch (error) {
        throw new DumpFormatError(`record ${n} (${record.collection}) cannot be stored: ${(error as Error).message}`);
      }
      counts[record.collection] += 1;
    }
    db.exec(MARK_ACCOUNTS_THAT_HAD_TOKENS);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return counts;
}

function insert(db: SqliteDatabase, { collection, record }: DumpRecord): void {
  switch (collection) {
    case 'accounts': {
      const a = record;
      db.run(
        `INSERT INTO accounts (id, username, email, display_name, groups, status, pin_hash, pin_state, pin_changed_at, pin_history,
           pin_grace_until, pin_expiry_warned_for, had_token, enrolment_code_hash, enrolment_expires_at, sessions_valid_from, failures, last_failure_at,
           locked_at, locked_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        a.id, a.username, a.email, a.displayName, JSON.stringify(a.groups), a.status, a.pin.hash, a.pin.state, msOrNull(a.pin.changedAt),
        JSON.stringify(a.pin.history), msOrNull(a.pin.graceUntil), msOrNull(a.pin.expiryWarnedFor), a.hadToken ? 1 : 0, a.enrolment?.codeHash ?? null,
        msOrNull(a.enrolment?.expiresAt), msOrNull(a.sessionsValidFrom), a.lockout.failures, msOrNull(a.lockout.lastFailureAt), msOrNull(a.lockout.lockedAt), msOrNull(a.lockout.lockedUntil),
        a.createdAt.getTime(), a.createdAt.getTime(),
      );
      for (const group of new Set(a.groups)) db.run('INSERT INTO account_groups (group_name, account_id) VALUES (?, ?)', group, a.id);
      return;
    }
    case 'tokens': {
      const t = record;
      db.run(
        `INSERT INTO tokens (id, serial, account_id, type, state, secret, algorithm, digits, period, last_time_step, drift_steps, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        t.id, t.serial, t.accountId, t.type, t.state, t.sealedSecret, t.algorithm, t.digits, t.period, t.lastTimeStep, t.driftSteps, t.createdAt.getTime(),
      );
      return;
    }
    case 'signin_flows': {
      const { id, version, ...data } = record;
      db.run('INSERT INTO signin_flows (id, version, expires_at, data) VALUES (?, ?, ?, ?)', id, version, record.expiresAt.getTime(), stringifyWithDates(data));
      return;
    }
    case 'audit_events': {
      const { id, time, ...event } = record;
      db.run('INSERT INTO audit_events (id, time, event, account_id, data) VALUES (?, ?, ?, ?, ?)', id, time.getTime(), event.event, event.account?.id ?? null, stringifyWithDates(event));
      return;
    }
    case 'oidc': {
      const { model, id, payload, expiresAt } = record;
      db.run(
        'INSERT INTO oidc (model, id, payload, grant_id, uid, user_code, account_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        model, id, JSON.stringify(payload), ...lookupColumns(payload), msOrNull(expiresAt),
      );
      return;
    }
    case 'rate_limits':
      db.run('INSERT INTO rate_limits (key, points, expires_at) VALUES (?, ?, ?)', record.key, record.points, record.expiresAt.getTime());
  }
}
