// TokenStore on SQLite. The replay guard is one conditional UPDATE: of two requests racing with
// the same time step, in this process or another, exactly one changes the row.
import { DomainError } from '../../domain/errors.ts';
import type { TokenStore } from '../../usecases/ports.ts';
import type { SqliteDatabase } from './database.ts';
import { isUniqueViolation } from './errors.ts';
import { tokenFromRow, type TokenRow } from './rows.ts';

export function createSqliteTokenStore(db: SqliteDatabase): TokenStore {
  const one = (sql: string, ...params: string[]) => {
    const row = db.get<TokenRow>(sql, ...params);
    return row ? tokenFromRow(row) : null;
  };
  const mustChange = (changes: number, id: string) => {
    if (changes !== 1) throw new DomainError('not_found', 'no such token', { tokenId: id });
  };

  return {
    async create(token, now) {
      try {
        db.run(
          `INSERT INTO tokens (id, serial, account_id, type, state, secret, algorithm, digits, period, last_time_step, drift_steps, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?)`,
          token.id, token.serial, token.accountId, token.type, token.state ?? 'ACTIVE', token.sealedSecret,
          token.algorithm, token.digits, token.period, now.getTime(),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('duplicate', `serial ${token.serial} is taken`, { field: 'serial' });
        throw error;
      }
      return { ...token, state: token.state ?? 'ACTIVE', lastTimeStep: null, driftSteps: 0, createdAt: now };
    },
    async findActiveForAccount(accountId) {
      return one("SELECT * FROM tokens WHERE account_id = ? AND state = 'ACTIVE' ORDER BY created_at DESC LIMIT 1", accountId);
    },
    async listForAccount(accountId) {
      return db.all<TokenRow>('SELECT * FROM tokens WHERE account_id = ? ORDER BY created_at', accountId).map(tokenFromRow);
    },
    async findBySerial(serial) {
      return one('SELECT * FROM tokens WHERE serial = ?', serial);
    },
    async listSealed(afterId, limit) {
      return db
        .all<{ id: string; secret: string }>('SELECT id, secret FROM tokens WHERE secret IS NOT NULL AND id > ? ORDER BY id LIMIT ?', afterId ?? '', limit)
        .map((row) => ({ id: row.id, sealedSecret: row.secret }));
    },
    async replaceSealedSecret(id, expected, next) {
      return db.run('UPDATE tokens SET secret = ? WHERE id = ? AND secret = ?', next, id, expected) === 1;
    },
    async findPendingForAccount(accountId) {
      return one("SELECT * FROM tokens WHERE account_id = ? AND state = 'PENDING' ORDER BY created_at DESC LIMIT 1", accountId);
    },
    async setState(id, state) {
      mustChange(db.run('UPDATE tokens SET state = ? WHERE id = ?', state, id), id);
    },
    async resync(id, driftSteps, lastTimeStep) {
      mustChange(db.run('UPDATE tokens SET drift_steps = ?, last_time_step = ? WHERE id = ?', driftSteps, lastTimeStep, id), id);
    },
    async delete(id) {
      return db.run('DELETE FROM tokens WHERE id = ?', id) === 1;
    },
    async deleteForAccount(accountId) {
      return db.run('DELETE FROM tokens WHERE account_id = ?', accountId);
    },
    async acceptTimeStep(tokenId, timeStep) {
      const changed = db.run(
        "UPDATE tokens SET last_time_step = ?1 WHERE id = ?2 AND state = 'ACTIVE' AND (last_time_step IS NULL OR last_time_step < ?1)",
        timeStep, tokenId,
      );
      return changed === 1;
    },
  };
}
