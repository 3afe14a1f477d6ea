// AccountStore on MongoDB.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { DomainError } from '../../domain/errors.ts';
import type { Account, AccountStore, NewAccount } from '../../usecases/ports.ts';
import { accountModel, type AccountDocument } from './account-model.ts';
import { isDuplicateKeyError } from './connection.ts';
import { lockEndsAt } from '../../domain/lockout.ts';

/** Filters of a lock that is over: a set lock past its end, or a count at the limit whose lock
 * was never set, past the end it would have had from its last failure. */
function lockOver(now: Date, maxFailures: number, lockSeconds: number): object[] {
  const filters: object[] = [{ 'lockout.lockedAt': { $ne: null }, 'lockout.lockedUntil': { $ne: null, $lte: now } }];
  if (lockSeconds > 0) {
    const lockedSince = new Date(now.getTime() - lockSeconds * 1000);
    filters.push({ 'lockout.lockedAt': null, 'lockout.failures': { $gte: maxFailures }, $or: [{ 'lockout.lastFailureAt': null }, { 'lockout.lastFailureAt': { $lte: lockedSince } }] });
  }
  return filters;
}

export function createAccountStore(connection: Connection): AccountStore {
  const Accounts = accountModel(connection);

  return {
    async create(account: NewAccount, now: Date) {
      const doc: AccountDocument = {
        _id: randomUUID(),
        username: account.username,
        email: account.email,
        displayName: account.displayName,
        groups: [...account.groups],
        status: 'ACTIVE',
        pin: { hash: null, state: 'NOT_SET', changedAt: null, history: [], graceUntil: null },
        hadToken: false,
        lockout: { failures: 0, lockedAt: null, lockedUntil: null, lastFailureAt: null },
        createdAt: now,
        updatedAt: now,
      };
      try {
        await Accounts.collection.insertOne(doc as never);
      } catch (error) {
        if (isDuplicateKeyError(error)) {
          throw new DomainError('duplicate', `an account named ${account.username} already exists`, { field: 'username' });
        }
        throw error;
      }
      return toAccount(doc);
    },
    async findById(id) {
      const doc = await Accounts.findById(id).lean<AccountDocument>();
      return doc ? toAccount(doc) : null;
    },
    async findByUsername(username) {
      const doc = await Accounts.findOne({ username }).lean<AccountDocument>();
      return doc ? toAccount(doc) : null;
    },
    async list({ limit, skip }) {
      const docs = await Accounts.find().sort({ username: 1 }).skip(skip).limit(limit).lean<AccountDocument[]>();
      return docs.map(toAccount);
    },
    async search({ text, group, limit, skip }) {
      const trimmed = text.trim();
      const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const filter = {
        ...(trimmed ? { $or: [{ username: { $regex: `^${escaped}`, $options: 'i' } }, { email: { $regex: escaped, $options: 'i' } }, { displayName: { $regex: escaped, $options: 'i' } }] } : {}),
        ...(group ? { groups: group } : {}),
      };
      const [docs, total] = await Promise.all([
        Accounts.find(filter).sort({ username: 1 }).skip(skip).limit(limit).lean<AccountDocument[]>(),
        Accounts.countDocuments(filter),
      ]);
      return { items: docs.map(toAccount), total };
    },
    async update(id, patch, now) {
      const set: Record<string, unknown> = { updatedAt: now };
      if (patch.email !== undefined) set.email = patch.email;
      if (patch.displayName !== undefined) set.displayName = patch.displayName;
      if (patch.groups !== undefined) set.groups = [...patch.groups];
      const result = await Accounts.updateOne({ _id: id }, { $set: set });
      if (result.matchedCount !== 1) throw new DomainError('not_found', 'no such account', { accountId: id });
    },
    async delete(id) {
      return (await Accounts.deleteOne({ _id: id })).deletedCount === 1;
    },
    async setStatus(id, status, now) {
      const result = await Accounts.updateOne({ _id: id }, { $set: { status, updatedAt: now } });
      if (result.matchedCount !== 1) throw new DomainError('not_found', 'no such account', { accountId: id });
    },
    async replacePin(id, pin, expectedHash) {
      const result = await Accounts.updateOne(
        { _id: id, 'pin.hash': expectedHash },
        { $set: { pin: { ...pin, history: [...pin.history] }, updatedAt: pin.changedAt ?? new Date() } },
      );
      return result.modifiedCount === 1;
    },
    async forcePinChange(scope, now) {
      const filter = 'accountId' in scope ? { _id: scope.accountId } : 'group' in scope ? { groups: scope.group } : {};
      const result = await Accounts.updateMany(
        { ...filter, 'pin.state': 'SET' },
        { $set: { 'pin.state': 'CHANGE_FORCED', updatedAt: now } },
      );
      return result.modifiedCount;
    },
    async endSessions(scope, at) {
      const filter = 'accountId' in scope ? { _id: scope.accountId } : 'group' in scope ? { groups: scope.group } : {};
      // Never back: only where no later time is set (a missing field counts as none).
      await Accounts.updateMany(
        { ...filter, $or: [{ sessionsValidFrom: null }, { sessionsValidFrom: { $lt: at } }] },
        { $set: { sessionsValidFrom: at } },
      );
    },
    async recordFailure(id, now, { maxFailures, lockSeconds }) {
      // 1. A lock that is over is lifted, so counting starts again: a lock that was set, or a
      //    count at the limit whose lock was never set (see domain/lockout.ts).
      await Accounts.updateOne({ _id: id, $or: lockOver(now, maxFailures, lockSeconds) }, { $set: { 'lockout.failures': 0, 'lockout.lockedAt': null, 'lockout.lockedUntil': null } });
      // 2. Count, never beyond the limit: of N racing failures, at most maxFailures match. The
      //    time of the failure is written with it, so a lock that step 3 never sets still ends.
      const counted = await Accounts.findOneAndUpdate(
        { _id: id, $or: [{ 'lockout.failures': { $lt: maxFailures } }, { 'lockout.failures': { $exists: false } }] },
        { $inc: { 'lockout.failures': 1 }, $set: { 'lockout.lastFailureAt': now } },
        // No projection: FerretDB 1.x refuses one on findAndModify.
        { returnDocument: 'after' },
      ).lean<AccountDocument>();
      if (!counted) return { failures: maxFailures, lockedNow: false, lockedUntil: null };
      const failures = counted.lockout.failures;
      if (failures < maxFailures) return { failures, lockedNow: false, lockedUntil: null };
      // 3. Exactly one request reaches the limit; it sets the lock.
      const lockedUntil = lockEndsAt(now, lockSeconds);
      const locked = await Accounts.updateOne(
        { _id: id, 'lockout.lockedAt': null },
        { $set: { 'lockout.lockedAt': now, 'lockout.lockedUntil': lockedUntil, updatedAt: now } },
      );
      return { failures, lockedNow: locked.modifiedCount === 1, lockedUntil };
    },
    async clearFailures(id, { maxFailures, lockSeconds }, now) {
      const result = await Accounts.updateOne(
        {
          _id: id,
          $or: [
            // not locked and not at the limit (a racing failure may be locking it right now)
            { 'lockout.lockedAt': null, 'lockout.failures': { $lt: maxFailures } },
            { 'lockout.lockedAt': null, 'lockout.failures': { $exists: false } },
            // or a lock that is over
            ...lockOver(now, maxFailures, lockSeconds),
          ],
        },
        { $set: { 'lockout.failures': 0, 'lockout.lockedAt': null, 'lockout.lockedUntil': null } },
      );
      return result.matchedCount === 1;
    },
    async unlock(id, now, graceUntil) {
      const result = await Accounts.updateOne(
        { _id: id },
        { $set: { 'lockout.failures': 0, 'lockout.lockedAt': null, 'lockout.lockedUntil': null, 'pin.graceUntil': graceUntil, updatedAt: now } },
      );
      if (result.matchedCount !== 1) throw new DomainError('not_found', 'no such account', { accountId: id });
    },
    async markHadToken(id) {
      const result = await Accounts.updateOne({ _id: id }, { $set: { hadToken: true } });
      if (result.matchedCount !== 1) throw new DomainError('not_found', 'no such account', { accountId: id });
    },
    async setEnrolmentCode(id, codeHash, expiresAt) {
      const result = await Accounts.updateOne({ _id: id }, { $set: { enrolment: { codeHash, expiresAt } } });
      if (result.matchedCount !== 1) throw new DomainError('not_found', 'no such account', { accountId: id });
    },
    async consumeEnrolmentCode(id, codeHash) {
      const result = await Accounts.updateOne({ _id: id, 'enrolment.codeHash': codeHash }, { $set: { enrolment: null } });
      return result.modifiedCount === 1;
    },
    async markExpiryWarned(id, changedAt) {
      const result = await Accounts.updateOne(
        { _id: id, 'pin.changedAt': changedAt, 'pin.expiryWarnedFor': { $ne: changedAt } },
        { $set: { 'pin.expiryWarnedFor': changedAt } },
      );
      return result.modifiedCount === 1;
    },
    async clearPin(id, now) {
      const result = await Accounts.updateOne(
        { _id: id },
        { $set: { 'pin.hash': null, 'pin.state': 'NOT_SET', 'pin.graceUntil': null, updatedAt: now } },
      );
      if (result.matchedCount !== 1) throw new DomainError('not_found', 'no such account', { accountId: id });
    },
  };
}

export function toAccount(doc: AccountDocument): Account {
  return {
    id: doc._id,
    username: doc.username,
    email: doc.email ?? null,
    displayName: doc.displayName ?? null,
    groups: doc.groups ?? [],
    status: doc.status,
    pin: {
      hash: doc.pin?.hash ?? null,
      state: doc.pin?.state ?? 'NOT_SET',
      changedAt: doc.pin?.changedAt ?? null,
      history: doc.pin?.history ?? [],
      graceUntil: doc.pin?.graceUntil ?? null,
      expiryWarnedFor: doc.pin?.expiryWarnedFor ?? null,
    },
    hadToken: doc.hadToken ?? false,
    enrolment: doc.enrolment?.codeHash ? { codeHash: doc.enrolment.codeHash, expiresAt: doc.enrolment.expiresAt } : null,
    sessionsValidFrom: doc.sessionsValidFrom ?? null,
    lockout: {
      failures: doc.lockout?.failures ?? 0,
      lockedAt: doc.lockout?.lockedAt ?? null,
      lockedUntil: doc.lockout?.lockedUntil ?? null,
      lastFailureAt: doc.lockout?.lastFailureAt ?? null,
    },
    createdAt: doc.createdAt,
  };
}

export function fromAccount(account: Account, updatedAt: Date = account.createdAt): AccountDocument {
  return {
    _id: account.id,
    username: account.username,
    email: account.email,
    displayName: account.displayName,
    groups: [...account.groups],
    status: account.status,
    pin: { ...account.pin, history: [...account.pin.history], expiryWarnedFor: account.pin.expiryWarnedFor ?? null },
    hadToken: account.hadToken,
    enrolment: account.enrolment,
    sessionsValidFrom: account.sessionsValidFrom ?? null,
    lockout: { ...account.lockout, lastFailureAt: account.lockout.lastFailureAt ?? null },
    createdAt: account.createdAt,
    updatedAt,
  };
}
