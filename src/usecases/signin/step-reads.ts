// One submitted step reads an account once: the check, the commit (the audit record names the
// account) and the completion (the PIN expiry notice) share what the first read returned. A write
// that changes what a later part of the step reads (a PIN, the status, an enrolment code) makes
// the next read fresh. The failure counter and the lock are not re-read: they are only ever
// decided inside the database, by conditional updates (recordFailure, clearFailures), never from
// a value read earlier.
import type { Account, AccountStore } from '../ports.ts';

export function readOncePerStep(accounts: AccountStore): AccountStore {
  const reads = new Map<string, Promise<Account | null>>();
  /** A write after which every account is read afresh. */
  const changes =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      reads.clear();
      return write(...args);
    };
  return {
    findById(id) {
      let read = reads.get(id);
      if (!read) {
        read = accounts.findById(id);
        reads.set(id, read);
        read.catch(() => reads.delete(id));
      }
      return read;
    },
    findByUsername: (username) => accounts.findByUsername(username),
    list: (options) => accounts.list(options),
    search: (options) => accounts.search(options),
    // Counters decided in the database: the snapshot's lockout is not used after them.
    recordFailure: (id, now, limits) => accounts.recordFailure(id, now, limits),
    clearFailures: (id, limits, now) => accounts.clearFailures(id, limits, now),
    create: changes((account, now) => accounts.create(account, now)),
    update: changes((id, patch, now) => accounts.update(id, patch, now)),
    delete: changes((id) => accounts.delete(id)),
    setStatus: changes((id, status, now) => accounts.setStatus(id, status, now)),
    replacePin: changes((id, pin, expected) => accounts.replacePin(id, pin, expected)),
    forcePinChange: changes((scope, now) => accounts.forcePinChange(scope, now)),
    endSessions: changes((scope, at) => accounts.endSessions(scope, at)),
    markExpiryWarned: changes((id, changedAt) => accounts.markExpiryWarned(id, changedAt)),
    markHadToken: changes((id) => accounts.markHadToken(id)),
    setEnrolmentCode: changes((id, hash, expiresAt) => accounts.setEnrolmentCode(id, hash, expiresAt)),
    consumeEnrolmentCode: changes((id, hash) => accounts.consumeEnrolmentCode(id, hash)),
    clearPin: changes((id, now) => accounts.clearPin(id, now)),
    unlock: changes((id, now, graceUntil) => accounts.unlock(id, now, graceUntil)),
  };
}
