// The embedded database's tables and indexes. Every lookup the stores make has an index behind
// it (the comment on each says which lookup); times are integer milliseconds since the epoch.
// `PRAGMA user_version` holds the schema version: a new file gets version 1 and then every
// migration step after it, a file of an earlier version the steps it lacks, in one transaction.
import { StorageOpenError } from '../errors.ts';
import type { SqliteDatabase } from './database.ts';
import { HASHED_ID_MODELS, HASHED_ID_PREFIX } from '../oidc-payloads.ts';

const VERSION_1 = `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,          -- findByUsername, search by prefix, list in order
  email TEXT,
  display_name TEXT,
  groups TEXT NOT NULL DEFAULT '[]',      -- JSON array, as read; account_groups serves lookups
  status TEXT NOT NULL,
  pin_hash TEXT,
  pin_state TEXT NOT NULL,
  pin_changed_at INTEGER,
  pin_history TEXT NOT NULL DEFAULT '[]', -- JSON array of earlier hashes, newest first
  pin_grace_until INTEGER,
  pin_expiry_warned_for INTEGER,
  enrolment_code_hash TEXT,
  enrolment_expires_at INTEGER,
  sessions_valid_from INTEGER,            -- sessions and tokens from before it are void
  failures INTEGER NOT NULL DEFAULT 0,
  last_failure_at INTEGER,
  locked_at INTEGER,
  locked_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE account_groups (
  group_name TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  PRIMARY KEY (group_name, account_id)    -- forcePinChange({ group })
) WITHOUT ROWID;
CREATE INDEX account_groups_by_account ON account_groups (account_id);  -- replace on update

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  serial TEXT NOT NULL UNIQUE,            -- findBySerial
  account_id TEXT NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  secret TEXT,                            -- sealed (AES-256-GCM), never clear
  algorithm TEXT NOT NULL,
  digits INTEGER NOT NULL,
  period INTEGER NOT NULL,
  last_time_step INTEGER,
  drift_steps INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX tokens_by_account ON tokens (account_id, state, created_at);  -- active/pending/list

CREATE TABLE signin_flows (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  data TEXT NOT NULL                      -- the flow as JSON (dates as ISO strings)
);
CREATE INDEX signin_flows_by_expiry ON signin_flows (expires_at);  -- sweep

CREATE TABLE audit_events (
  id TEXT PRIMARY KEY,
  time INTEGER NOT NULL,
  event TEXT NOT NULL,
  account_id TEXT,
  data TEXT NOT NULL                      -- the rest of the record as JSON
);
CREATE INDEX audit_by_time ON audit_events (time DESC, id);
CREATE INDEX audit_by_account ON audit_events (account_id, time DESC, id) WHERE account_id IS NOT NULL;
CREATE INDEX audit_by_event ON audit_events (event, time DESC, id);

CREATE TABLE oidc (
  model TEXT NOT NULL,
  id TEXT NOT NULL,
  payload TEXT NOT NULL,                  -- oidc-provider's payload as JSON
  grant_id TEXT,
  uid TEXT,
  user_code TEXT,
  account_id TEXT,
  expires_at INTEGER,
  PRIMARY KEY (model, id)                 -- find, consume, destroy
);
CREATE INDEX oidc_by_account ON oidc (account_id, model) WHERE account_id IS NOT NULL;  -- an account's sessions
CREATE INDEX oidc_by_grant ON oidc (grant_id, model) WHERE grant_id IS NOT NULL;        -- revokeByGrantId
CREATE UNIQUE INDEX oidc_by_uid ON oidc (model, uid) WHERE uid IS NOT NULL;              -- findByUid
CREATE UNIQUE INDEX oidc_by_user_code ON oidc (model, user_code) WHERE user_code IS NOT NULL; -- findByUserCode
CREATE INDEX oidc_by_expiry ON oidc (expires_at) WHERE expires_at IS NOT NULL;           -- sweep

CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  points INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX rate_limits_by_expiry ON rate_limits (expires_at);  -- sweep
`;

const VERSION_2 = `
CREATE INDEX oidc_by_client ON oidc (json_extract(payload, '$.clientId'), model)
  WHERE json_extract(payload, '$.clientId') IS NOT NULL;  -- revokeForClient
`;

/** Marks the accounts that have (or, by the audit trail, once had) an active or disabled token.
 * Only ever sets the mark: run by the migration to version 3 and after an import (a dump of
 * version 1 does not carry the mark). */
export const MARK_ACCOUNTS_THAT_HAD_TOKENS = `
UPDATE accounts SET had_token = 1
WHERE had_token = 0 AND (
  id IN (SELECT account_id FROM tokens WHERE state IN ('ACTIVE', 'DISABLED'))
  OR id IN (SELECT account_id FROM audit_events WHERE event IN ('token.enrolled', 'token.activated') AND account_id IS NOT NULL)
)`;

// 3: the durable fact that an account had a token, so removing the token does not reopen
//    self-enrolment (domain/signin/enrolment.ts); existing accounts get it from their tokens.
const VERSION_3 = `ALTER TABLE accounts ADD COLUMN had_token INTEGER NOT NULL DEFAULT 0;
${MARK_ACCOUNTS_THAT_HAD_TOKENS};`;

// 4: tokens, codes and sessions are stored under a keyed hash of their id; those written before
//    hold usable values and can no longer be found: they go.
const VERSION_4 = `DELETE FROM oidc WHERE model IN (${HASHED_ID_MODELS.map((m) => `'${m}'`).join(', ')}) AND id NOT LIKE '${HASHED_ID_PREFIX}%';`;

/** MIGRATIONS[n] takes a file from version n to n + 1 (0: a new file). */
const MIGRATIONS: readonly string[] = [VERSION_1, VERSION_2, VERSION_3, VERSION_4];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Creates the tables on a new file and brings an older file up to date, in one transaction;
 * refuses a file written by a newer Pingate. */
export function ensureSchema(db: SqliteDatabase): void {
  db.transaction(() => {
    const version = db.get<{ user_version: number }>('PRAGMA user_version')!.user_version;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) {
      throw new StorageOpenError(`the database file ${db.file} has schema version ${version}; this Pingate knows up to ${SCHEMA_VERSION} (upgrade Pingate)`);
    }
    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}
