// Deletes expired sign-in flows, provider records and rate-limit windows from the embedded
// database. Reads already ignore them; this keeps the file from growing. Deleted in batches,
// yielding between them, so a large backlog never holds the write lock or the event loop long.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SqliteDatabase } from './database.ts';

const BATCH = 2_000;
const EXPIRING = ['signin_flows', 'oidc', 'rate_limits'] as const;

export async function sweepSqlite(db: SqliteDatabase, now: Date): Promise<number> {
  let removed = 0;
  for (const table of EXPIRING) {
    for (;;) {
      const deleted = db.run(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE expires_at <= ? LIMIT ${BATCH})`, now.getTime());
      removed += deleted;
      if (deleted < BATCH) break;
      await yieldToEventLoop();
    }
  }
  return removed;
}
