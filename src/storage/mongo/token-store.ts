// TokenStore on MongoDB. The replay guard is one conditional single-document update:
// of two requests racing with the same time step, exactly one matches the filter.
import type { Connection } from 'mongoose';
import { DomainError } from '../../domain/errors.ts';
import type { TokenRecord, TokenStore } from '../../usecases/ports.ts';
import { isDuplicateKeyError } from './connection.ts';
import { tokenModel, type TokenDocument } from './token-model.ts';

export function createTokenStore(connection: Connection): TokenStore {
  const Tokens = tokenModel(connection);

  return {
    async create(token, now) {
      const doc = fromTokenRecord({ ...token, state: token.state ?? 'ACTIVE', lastTimeStep: null, driftSteps: 0, createdAt: now });
      try {
        await Tokens.collection.insertOne(doc as never);
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new DomainError('duplicate', `serial ${token.serial} is taken`, { field: 'serial' });
        throw error;
      }
      return toTokenRecord(doc);
    },
    async findActiveForAccount(accountId) {
      const doc = await Tokens.findOne({ accountId, state: 'ACTIVE' }).sort({ createdAt: -1 }).lean<TokenDocument>();
      return doc ? toTokenRecord(doc) : null;
    },
    async listForAccount(accountId) {
      const docs = await Tokens.find({ accountId }).sort({ createdAt: 1 }).lean<TokenDocument[]>();
      return docs.map(toTokenRecord);
    },
    async findBySerial(serial) {
      const doc = await Tokens.findOne({ serial }).lean<TokenDocument>();
      return doc ? toTokenRecord(doc) : null;
    },
    async listSealed(afterId, limit) {
      const docs = await Tokens.find({ secret: { $ne: null }, ...(afterId === null ? {} : { _id: { $gt: afterId } }) }, { _id: 1, secret: 1 })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<{ _id: string; secret: string }[]>();
      return docs.map((doc) => ({ id: doc._id, sealedSecret: doc.secret }));
    },
    async replaceSealedSecret(id, expected, next) {
      const result = await Tokens.updateOne({ _id: id, secret: expected }, { $set: { secret: next } });
      return result.modifiedCount === 1;
    },
    async findPendingForAccount(accountId) {
      const doc = await Tokens.findOne({ accountId, state: 'PENDING' }).sort({ createdAt: -1 }).lean<TokenDocument>();
      return doc ? toTokenRecord(doc) : null;
    },
    async setState(id, state) {
      const result = await Tokens.updateOne({ _id: id }, { $set: { state } });
      if (result.matchedCount !== 1) throw new DomainError('not_found', 'no such token', { tokenId: id });
    },
    async resync(id, driftSteps, lastTimeStep) {
      const result = await Tokens.updateOne({ _id: id }, { $set: { driftSteps, lastTimeStep } });
      if (result.matchedCount !== 1) throw new DomainError('not_found', 'no such token', { tokenId: id });
    },
    async delete(id) {
      return (await Tokens.deleteOne({ _id: id })).deletedCount === 1;
    },
    async deleteForAccount(accountId) {
      return (await Tokens.deleteMany({ accountId })).deletedCount;
    },
    async acceptTimeStep(tokenId, timeStep) {
      const result = await Tokens.updateOne(
        { _id: tokenId, state: 'ACTIVE', $or: [{ lastTimeStep: null }, { lastTimeStep: { $lt: timeStep } }] },
        { $set: { lastTimeStep: timeStep } },
      );
      return result.modifiedCount === 1;
    },
  };
}

export function toTokenRecord(doc: TokenDocument): TokenRecord {
  return {
    id: doc._id,
    serial: doc.serial,
    accountId: doc.accountId,
    type: doc.type,
    state: doc.state,
    sealedSecret: doc.secret ?? null,
    algorithm: doc.algorithm,
    digits: doc.digits,
    period: doc.period,
    lastTimeStep: doc.lastTimeStep ?? null,
    driftSteps: doc.driftSteps ?? 0,
    createdAt: doc.createdAt,
  };
}

export function fromTokenRecord(token: TokenRecord): TokenDocument {
  return {
    _id: token.id,
    serial: token.serial,
    accountId: token.accountId,
    type: token.type,
    state: token.state,
    secret: token.sealedSecret,
    algorithm: token.algorithm,
    digits: token.digits,
    period: token.period,
    lastTimeStep: token.lastTimeStep,
    driftSteps: token.driftSteps,
    createdAt: token.createdAt,
  };
}
