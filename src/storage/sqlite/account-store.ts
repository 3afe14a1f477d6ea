// AccountStore on SQLite. Each invariant is one conditional UPDATE (the replay of a PIN change,
// the enrolment code, a success against the lock) or one BEGIN IMMEDIATE transaction (counting a
// failure and taking the lock), so it holds with several provider processes on one file.
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { AccountStore, NewAccount } from '../../usecases/ports.ts';
import { lockEndsAt } from '../../domain/lockout.ts';
import type { SqliteDatabase } from './database.ts';
import { isUniqueViolation } from './errors.ts';
import { accountFromRow, msOrNull as ms, type AccountRow } from './rows.ts';

/** A lock that is over, with ?2 now, ?3 the failure limit and ?4 the lock's length in ms (0: no
 * end): a set lock past its end, or a count at the limit whose lock was never set, past the end
 * it would have had from its last failure. */
const LOCK_OVER = `((locked_at IS NOT NULL AND locked_until IS NOT NULL AND locked_until <= ?2)
  OR (locked_at IS NULL AND failures >= ?3 AND ?4 > 0 AND coalesce(last_failure_at, 0) + ?4 <= ?2))`;

export function createSqliteAccountStore(db: SqliteDatabase): AccountStore {
  const byId = (id: string) => db.get<AccountRow>('SELECT * FROM accounts WHERE id = ?', id);
  const mustChange = (changes: number, id: string) => {
    if (changes !== 1) throw new DomainError('not_found', 'no such account', { accountId: id });
  };
  const setGroups = (id: string, groups: readonly string[]) => {
    db.run('DELETE FROM account_groups WHERE account_id = ?', id);
    for (const group of new Set(groups)) db.run('INSERT INTO account_groups (group_name, account_id) VALUES (?, ?)', group, id);
  };

  const list = (limit: number, skip: number) =>
    db.all<AccountRow>('SELECT * FROM accounts ORDER BY username LIMIT ? OFFSET ?', limit, skip).map(accountFromRow);

  return {
    async create(account: NewAccount, now: Date) {
      const id = randomUUID();
      try {
        db.transaction(() => {
          db.run(
            `INSERT INTO accounts (id, username, email, display_name, groups, status, pin_state, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 'ACTIVE', 'NOT_SET', ?, ?)`,
            id, account.username, account.email, account.displayName, JSON.stringify(account.groups), now.getTime(), now.getTime(),
          );
          setGroups(id, account.groups);
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainError('duplicate', `an account named ${account.username} already exists`, { field: 'username' });
        }
        throw error;
      }
      return accountFromRow(byId(id)!);
    },
    async findById(id) {
      const row = byId(id);
      return row ? accountFromRow(row) : null;
    },
    async findByUsername(username) {
      const row = db.get<AccountRow>('SELECT * FROM accounts WHERE username = ?', username);
      return row ? accountFromRow(row) : null;
    },
    async list({ limit, skip }) {
      return list(limit, skip);
    },
    async search({ text, group, limit, skip }) {
      const trimmed = text.trim();
      if (!trimmed && !group) {
        const total = db.get<{ n: number }>('SELECT count(*) AS n FROM accounts')!.n;
        return { items: list(limit, skip), total };
      }
      // Usernames are stored in lower case: a prefix is a range on the unique index; a group is
      // a lookup on account_groups' primary key.
      const prefix = trimmed.toLowerCase();
      const contains = `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const matchesText = `(?1 = '' OR (username >= ?1 AND username < ?1 || char(1114111)) OR email LIKE ?2 ESCAPE '\\' OR display_name LIKE ?2 ESCAPE '\\')`;
      const inGroup = `(?3 IS NULL OR id IN (SELECT account_id FROM account_groups WHERE group_name = ?3))`;
      const where = `${matchesText} AND ${inGroup}`;
      const total = db.get<{ n: number }>(`SELECT count(*) AS n FROM accounts WHERE ${where}`, prefix, contains, group ?? null)!.n;
      const rows = db.all<AccountRow>(`SELECT * FROM accounts WHERE ${where} ORDER BY username LIMIT ?4 OFFSET ?5`, prefix, contains, group ?? null, limit, skip);
      return { items: rows.map(accountFromRow), total };
    },
    async update(id, patch, now) {
      db.transaction(() => {
        const row = byId(id);
        if (!row) mustChange(0, id);
        db.run(
          'UPDATE accounts SET email = ?, display_name = ?, groups = ?, updated_at = ? WHERE id = ?',
          patch.email !== undefined ? patch.email : row!.email,
          patch.displayName !== undefined ? patch.displayName : row!.display_name,
          patch.groups !== undefined ? JSON.stringify(patch.groups) : row!.groups,
          now.getTime(),
          id,
        );
        if (patch.groups !== undefined) setGroups(id, patch.groups);
      });
    },
    async delete(id) {
      return db.run('DELETE FROM accounts WHERE id = ?', id) === 1;
    },
    async setStatus(id, status, now) {
      mustChange(db.run('UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?', status, now.getTime(), id), id);
    },
    async replacePin(id, pin, expectedHash) {
      const changed = db.run(
        `UPDATE accounts SET pin_hash = ?, pin_state = ?, pin_changed_at = ?, pin_history = ?, pin_grace_until = ?,
           pin_expiry_warned_for = ?, updated_at = ?
         WHERE id = ? AND pin_hash IS ?`,
        pin.hash, pin.state, ms(pin.changedAt), JSON.stringify(pin.history), ms(pin.graceUntil), ms(pin.expiryWarnedFor),
        (pin.changedAt ?? new Date()).getTime(), id, expectedHash,
      );
      return changed === 1;
    },
    async forcePinChange(scope, now) {
      const set = "UPDATE accounts SET pin_state = 'CHANGE_FORCED', updated_at = ? WHERE pin_state = 'SET'";
      if ('accountId' in scope) return db.run(`${set} AND id = ?`, now.getTime(), scope.accountId);
      if ('group' in scope) {
        return db.run(`${set} AND id IN (SELECT account_id FROM account_groups WHERE group_name = ?)`, now.getTime(), scope.group);
      }
      return db.run(set, now.getTime());
    },
    async endSessions(scope, at) {
      const set = 'UPDATE accounts SET sessions_valid_from = max(coalesce(sessions_valid_from, 0), ?1)';
      if ('accountId' in scope) db.run(`${set} WHERE id = ?2`, at.getTime(), scope.accountId);
      else if ('group' in scope) db.run(`${set} WHERE id IN (SELECT account_id FROM account_groups WHERE group_name = ?2)`, at.getTime(), scope.group);
      else db.run(set, at.getTime());
    },
    async recordFailure(id, now, { maxFailures, lockSeconds }) {
      return db.transaction(() => {
        // 1. A lock that is over is lifted, so counting starts again: a lock that was set, or a
        //    count at the limit whose lock was never set (see domain/lockout.ts).
        db.run(`UPDATE accounts SET failures = 0, locked_at = NULL, locked_until = NULL WHERE id = ? AND ${LOCK_OVER}`, id, now.getTime(), maxFailures, lockSeconds * 1000);
        // 2. Count, never beyond the limit; the time of the failure goes with it.
        const counted = db.get<{ failures: number }>(
          'UPDATE accounts SET failures = failures + 1, last_failure_at = ? WHERE id = ? AND failures < ? RETURNING failures',
          now.getTime(), id, maxFailures,
        );
        if (!counted) return { failures: maxFailures, lockedNow: false, lockedUntil: null };
        if (counted.failures < maxFailures) return { failures: counted.failures, lockedNow: false, lockedUntil: null };
        // 3. This failure reached the limit: it takes the lock (once: the transaction holds the file).
        const lockedUntil = lockEndsAt(now, lockSeconds);
        const locked = db.run(
          'UPDATE accounts SET locked_at = ?, locked_until = ?, updated_at = ? WHERE id = ? AND locked_at IS NULL',
          now.getTime(), ms(lockedUntil), now.getTime(), id,
        );
        return { failures: counted.failures, lockedNow: locked === 1, lockedUntil };
      });
    },
    async clearFailures(id, { maxFailures, lockSeconds }, now) {
      const changed = db.run(
        `UPDATE accounts SET failures = 0, locked_at = NULL, locked_until = NULL
         WHERE id = ?1 AND ((locked_at IS NULL AND failures < ?3) OR ${LOCK_OVER})`,
        id, now.getTime(), maxFailures, lockSeconds * 1000,
      );
      return changed === 1;
    },
    async unlock(id, now, graceUntil) {
      mustChange(
        db.run(
          'UPDATE accounts SET failures = 0, locked_at = NULL, locked_until = NULL, pin_grace_until = ?, updated_at = ? WHERE id = ?',
          ms(graceUntil), now.getTime(), id,
        ),
        id,
      );
    },
    async markHadToken(id) {
      mustChange(db.run('UPDATE accounts SET had_token = 1 WHERE id = ?', id), id);
    },
    async setEnrolmentCode(id, codeHash, expiresAt) {
      mustChange(db.run('UPDATE accounts SET enrolment_code_hash = ?, enrolment_expires_at = ? WHERE id = ?', codeHash, expiresAt.getTime(), id), id);
    },
    async consumeEnrolmentCode(id, codeHash) {
      return db.run('UPDATE accounts SET enrolment_code_hash = NULL, enrolment_expires_at = NULL WHERE id = ? AND enrolment_code_hash = ?', id, codeHash) === 1;
    },
    async markExpiryWarned(id, changedAt) {
      const changed = db.run(
        `UPDATE accounts SET pin_expiry_warned_for = ?1
         WHERE id = ?2 AND pin_changed_at = ?1 AND (pin_expiry_warned_for IS NULL OR pin_expiry_warned_for != ?1)`,
        changedAt.getTime(), id,
      );
      return changed === 1;
    },
    async clearPin(id, now) {
      mustChange(
        db.run("UPDATE accounts SET pin_hash = NULL, pin_state = 'NOT_SET', pin_grace_until = NULL, updated_at = ? WHERE id = ?", now.getTime(), id),
        id,
      );
    },
  };
}
