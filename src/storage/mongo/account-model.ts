// The Account collection: one document per person who signs in.
import { Schema, type Connection, type Model } from 'mongoose';

export interface AccountDocument {
  _id: string;
  username: string;
  email: string | null;
  displayName: string | null;
  groups: string[];
  status: 'ACTIVE' | 'DISABLED';
  pin: {
    hash: string | null;
    state: 'NOT_SET' | 'SET' | 'CHANGE_FORCED';
    changedAt: Date | null;
    history: string[];
    graceUntil: Date | null;
    expiryWarnedFor?: Date | null;
  };
  /** Absent on accounts that never had a token (documents of version 1 are migrated at open). */
  hadToken?: boolean;
  enrolment?: { codeHash: string; expiresAt: Date } | null;
  sessionsValidFrom?: Date | null;
  lockout: {
    failures: number;
    lastFailureAt?: Date | null;
    lockedAt: Date | null;
    lockedUntil: Date | null;
  };
  createdAt: Date;
  updatedAt: Date;
}

const accountSchema = new Schema<AccountDocument>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true, unique: true },
    email: { type: String, default: null },
    displayName: { type: String, default: null },
    groups: { type: [String], default: [], index: true },
    status: { type: String, enum: ['ACTIVE', 'DISABLED'], required: true },
    pin: {
      hash: { type: String, default: null },
      state: { type: String, enum: ['NOT_SET', 'SET', 'CHANGE_FORCED'], required: true },
      changedAt: { type: Date, default: null },
      history: { type: [String], default: [] },
      graceUntil: { type: Date, default: null },
      expiryWarnedFor: { type: Date, default: null },
    },
    hadToken: { type: Boolean, default: false },
    enrolment: { type: { codeHash: String, expiresAt: Date, _id: false }, default: null },
    sessionsValidFrom: { type: Date, default: null },
    lockout: {
      failures: { type: Number, default: 0 },
      lastFailureAt: { type: Date, default: null },
      lockedAt: { type: Date, default: null },
      lockedUntil: { type: Date, default: null },
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'accounts', versionKey: false },
);

export const accountModel = (connection: Connection): Model<AccountDocument> =>
  connection.models.Account ?? connection.model<AccountDocument>('Account', accountSchema);
