// AccountStore on MongoDB.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { DomainError } from '../../domain/errors.ts';
import type { Account, AccountStore, NewAccount } from '../../usecases/ports.ts';
import { accountModel, type AccountDocument } from './account-model.ts';
import { isDuplicateKeyError } from './connection.ts';

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
    },
    createdAt: doc.createdAt,
  };
}
