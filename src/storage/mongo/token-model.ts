// The TokenRecord collection: one authenticator assigned to one account.
import { Schema, type Connection, type Model } from 'mongoose';

export interface TokenDocument {
  _id: string;
  serial: string;
  accountId: string;
  type: 'totp' | 'email';
  state: 'ACTIVE' | 'DISABLED' | 'PENDING';
  /** AES-256-GCM sealed base32 secret (see security/secret-box.ts). */
  secret: string | null;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: 6 | 8;
  period: number;
  lastTimeStep: number | null;
  driftSteps?: number;
  createdAt: Date;
}

const tokenSchema = new Schema<TokenDocument>(
  {
    _id: { type: String, required: true },
    serial: { type: String, required: true, unique: true },
    accountId: { type: String, required: true, index: true },
    type: { type: String, enum: ['totp', 'email'], required: true },
    state: { type: String, enum: ['ACTIVE', 'DISABLED', 'PENDING'], required: true },
    secret: { type: String, default: null },
    algorithm: { type: String, enum: ['SHA1', 'SHA256', 'SHA512'], required: true },
    digits: { type: Number, enum: [6, 8], required: true },
    period: { type: Number, required: true },
    lastTimeStep: { type: Number, default: null },
    driftSteps: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { collection: 'tokens', versionKey: false },
);

export const tokenModel = (connection: Connection): Model<TokenDocument> =>
  connection.models.TokenRecord ?? connection.model<TokenDocument>('TokenRecord', tokenSchema);
