// Rows of the embedded database turned into the records the ports speak (and JSON columns
// read back). Times are stored as integer milliseconds; JSON columns as text.
import type { Account, TokenRecord } from '../../usecases/ports.ts';

export interface AccountRow {
  id: string;
  username: string;
  email: string | null;
  display_name: string | null;
  groups: string;
  status: Account['status'];
  pin_hash: string | null;
  pin_state: Account['pin']['state'];
  pin_changed_at: number | null;
  pin_history: string;
  pin_grace_until: number | null;
  pin_expiry_warned_for: number | null;
  had_token: number;
  enrolment_code_hash: string | null;
  enrolment_expires_at: number | null;
  sessions_valid_from: number | null;
  failures: number;
  last_failure_at: number | null;
  locked_at: number | null;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface TokenRow {
  id: string;
  serial: string;
  account_id: string;
  type: TokenRecord['type'];
  state: TokenRecord['state'];
  secret: string | null;
  algorithm: TokenRecord['algorithm'];
  digits: number;
  period: number;
  last_time_step: number | null;
  drift_steps: number;
  created_at: number;
}

export const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
export const msOrNull = (date: Date | null | undefined): number | null => (date ? date.getTime() : null);

export function accountFromRow(row: AccountRow): Account {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    displayName: row.display_name,
    groups: JSON.parse(row.groups) as string[],
    status: row.status,
    pin: {
      hash: row.pin_hash,
      state: row.pin_state,
      changedAt: dateOrNull(row.pin_changed_at),
      history: JSON.parse(row.pin_history) as string[],
      graceUntil: dateOrNull(row.pin_grace_until),
      expiryWarnedFor: dateOrNull(row.pin_expiry_warned_for),
    },
    hadToken: row.had_token === 1,
    enrolment:
      row.enrolment_code_hash !== null && row.enrolment_expires_at !== null
        ? { codeHash: row.enrolment_code_hash, expiresAt: new Date(row.enrolment_expires_at) }
        : null,
    lockout: { failures: row.failures, lockedAt: dateOrNull(row.locked_at), lockedUntil: dateOrNull(row.locked_until), lastFailureAt: dateOrNull(row.last_failure_at) },
    sessionsValidFrom: dateOrNull(row.sessions_valid_from),
    createdAt: new Date(row.created_at),
  };
}

export function tokenFromRow(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    serial: row.serial,
    accountId: row.account_id,
    type: row.type,
    state: row.state,
    sealedSecret: row.secret,
    algorithm: row.algorithm,
    digits: row.digits as 6 | 8,
    period: row.period,
    lastTimeStep: row.last_time_step,
    driftSteps: row.drift_steps,
    createdAt: new Date(row.created_at),
  };
}
