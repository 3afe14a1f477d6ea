// The ports use cases depend on. Storage, hashing, delivery and time are behind these
// interfaces; adapters (storage/sqlite and storage/mongo, security, delivery) implement them.
import type { LockoutLimits, LockoutRecord } from '../domain/lockout.ts';
import type { PinRecord } from '../domain/pin-lifecycle.ts';
import type { AccountStatus, TokenType } from '../domain/signin/events.ts';
import type { SignInFlow } from '../domain/signin/flow.ts';
import type { TotpAlgorithm } from '../security/totp.ts';

export interface Account {
  readonly id: string;
  /** Normalised (trimmed, NFKC, lower case); unique. */
  readonly username: string;
  readonly email: string | null;
  readonly displayName: string | null;
  readonly groups: readonly string[];
  readonly status: AccountStatus;
  readonly pin: PinRecord;
  readonly lockout: LockoutRecord;
  /** A token was once enrolled (active) for this account. Never cleared: disabling or deleting
   * its tokens does not make it an account that "never had one" (see domain/signin/enrolment.ts). */
  readonly hadToken: boolean;
  /** A pending TOTP enrolment code from the helpdesk (keyed hash), if any. */
  readonly enrolment: { readonly codeHash: string; readonly expiresAt: Date } | null;
  /** Sessions begun and tokens issued before this time are void (an administrator's action, or
   * a PIN change); null: none was ended. */
  readonly sessionsValidFrom?: Date | null;
  readonly createdAt: Date;
}

export type { LockoutLimits } from '../domain/lockout.ts';

export interface AccountPatch {
  readonly email?: string | null;
  readonly displayName?: string | null;
  readonly groups?: readonly string[];
}

export type PinChangeScope =
  | { readonly accountId: string }
  | { readonly group: string }
  | { readonly all: true };

export interface NewAccount {
  readonly username: string;
  readonly email: string | null;
  readonly displayName: string | null;
  readonly groups: readonly string[];
}

export interface AccountStore {
  create(account: NewAccount, now: Date): Promise<Account>;
  findById(id: string): Promise<Account | null>;
  findByUsername(username: string): Promise<Account | null>;
  list(options: { readonly limit: number; readonly skip: number }): Promise<readonly Account[]>;
  /** Accounts whose username starts with, or whose email or display name contains, `text`
   * (case-insensitive), and that are members of `group` when one is given, sorted by username;
   * with the total count for paging. */
  search(options: { readonly text: string; readonly group?: string | undefined; readonly limit: number; readonly skip: number }): Promise<{ readonly items: readonly Account[]; readonly total: number }>;
  update(id: string, patch: AccountPatch, now: Date): Promise<void>;
  delete(id: string): Promise<boolean>;
  setStatus(id: string, status: AccountStatus, now: Date): Promise<void>;
  /**
   * Replaces the PIN (hash, state, history, changedAt) in one single-document update, only if
   * the stored hash is still `expectedHash`: of two racing changes one wins, and a crash leaves
   * the old PIN or the new one, never neither. false when the stored hash had changed.
   */
  replacePin(id: string, pin: PinRecord, expectedHash: string | null): Promise<boolean>;
  /** Sets PIN_CHANGE_FORCED on accounts that have a PIN; returns how many changed. */
  forcePinChange(scope: PinChangeScope, now: Date): Promise<number>;
  /** Voids the sessions and tokens the accounts in `scope` got before `at` (never moves the
   * time back). */
  endSessions(scope: PinChangeScope, at: Date): Promise<void>;
  /** Records that the coming expiry of the PIN set at `changedAt` was announced; false when it
   * already was (or the PIN changed since), so each PIN is announced once across processes. */
  markExpiryWarned(id: string, changedAt: Date): Promise<boolean>;
  /** Records, for good, that the account had a token (before a token becomes active). */
  markHadToken(id: string): Promise<void>;
  setEnrolmentCode(id: string, codeHash: string, expiresAt: Date): Promise<void>;
  /** Uses up the enrolment code with this hash (atomic: only one sign-in can use it). */
  consumeEnrolmentCode(id: string, codeHash: string): Promise<boolean>;
  /** Empties the PIN (NOT_SET), keeping the history. */
  clearPin(id: string, now: Date): Promise<void>;
  /**
   * Counts one failure atomically, never beyond `maxFailures`; the request whose failure
   * reaches the limit locks the account and learns it (lockedNow), so the notice goes once.
   * An expired lock is lifted first. For an id that names no account it changes nothing and
   * answers lockedNow false, after the same statements (the sign-in's decoy relies on it).
   */
  recordFailure(id: string, now: Date, limits: LockoutLimits): Promise<{ failures: number; lockedNow: boolean; lockedUntil: Date | null }>;
  /** Resets the counter after a success, only if the account is not locked (atomic with the
   * lock; a lock that is over is lifted): false means it is locked and the success must not count. */
  clearFailures(id: string, limits: LockoutLimits, now: Date): Promise<boolean>;
  /** Lifts a lock and resets the counter; `graceUntil` gives an expired PIN time to be changed. */
  unlock(id: string, now: Date, graceUntil: Date | null): Promise<void>;
}

/** PENDING: enrolled by the user, active once they enter a valid code from it. */
export type TokenState = 'ACTIVE' | 'DISABLED' | 'PENDING';

export interface TokenRecord {
  readonly id: string;
  readonly serial: string;
  readonly accountId: string;
  readonly type: TokenType;
  readonly state: TokenState;
  /** TOTP secret sealed by the SecretBox (never stored in clear); null for email tokens. */
  readonly sealedSecret: string | null;
  readonly algorithm: TotpAlgorithm;
  readonly digits: 6 | 8;
  readonly period: number;
  /** The last TOTP time step accepted for this token (replay guard). */
  readonly lastTimeStep: number | null;
  /** Steps the authenticator's clock is ahead (+) or behind (-), measured by a resync. */
  readonly driftSteps: number;
  readonly createdAt: Date;
}

export type NewTokenRecord = Omit<TokenRecord, 'lastTimeStep' | 'createdAt' | 'state' | 'driftSteps'> & { readonly state?: TokenState };

export interface TokenStore {
  create(token: NewTokenRecord, now: Date): Promise<TokenRecord>;
  findActiveForAccount(accountId: string): Promise<TokenRecord | null>;
  listForAccount(accountId: string): Promise<readonly TokenRecord[]>;
  findBySerial(serial: string): Promise<TokenRecord | null>;
  /** Tokens with a sealed secret, by id after `afterId` (null: from the start), `limit` at most. */
  listSealed(afterId: string | null, limit: number): Promise<readonly { readonly id: string; readonly sealedSecret: string }[]>;
  /** Replaces a token's sealed secret only if it still holds `expected`; false otherwise. */
  replaceSealedSecret(id: string, expected: string, next: string): Promise<boolean>;
  findPendingForAccount(accountId: string): Promise<TokenRecord | null>;
  setState(id: string, state: TokenState): Promise<void>;
  /** Records a resync: the measured drift, and the last step used (both codes are consumed). */
  resync(id: string, driftSteps: number, lastTimeStep: number): Promise<void>;
  delete(id: string): Promise<boolean>;
  deleteForAccount(accountId: string): Promise<number>;
  /** Atomically records `timeStep` as used; false when it, or a later step, was already used. */
  acceptTimeStep(tokenId: string, timeStep: number): Promise<boolean>;
}

export interface FlowStore {
  /** Stores a new flow and answers it as stored. An expired flow with the same id is replaced,
   * and the new one continues its version count, so a request that read the old one cannot save
   * over the new one; a live flow with the same id is not replaced (throws). */
  create(flow: SignInFlow): Promise<SignInFlow>;
  find(id: string): Promise<SignInFlow | null>;
  /** Saves `flow` only if the stored version is still `flow.version`; the saved version is +1.
   * false when another request saved first (a double submit). */
  save(flow: SignInFlow): Promise<boolean>;
}

/** A signed-in session, as an administrator sees it (never its cookie value). */
export interface SessionSummary {
  readonly uid: string;
  readonly accountId: string;
  readonly signedInAt: Date;
  readonly amr: readonly string[];
  readonly acr: string | null;
  /** The clients the session has signed in to. */
  readonly clients: readonly string[];
  readonly expiresAt: Date | null;
}

/** What an account granted an application (an oidc-provider Grant: a consent, or the grant of
 * a first-party client). Its id is not a credential. */
export interface GrantSummary {
  readonly grantId: string;
  readonly accountId: string;
  readonly clientId: string;
  /** The OpenID scopes granted (offline_access among them when it was). */
  readonly scopes: readonly string[];
  readonly grantedAt: Date | null;
  readonly expiresAt: Date | null;
}

/** The client ids a session signed in to, each with the `sid` that client knows it by (what a
 * back-channel logout notice names). */
export type SessionSids = Readonly<Record<string, string>>;

/** One session ended like a logout: what went with it. */
export interface EndedSession {
  readonly uid: string;
  readonly sids: SessionSids;
  /** Grants, codes and tokens deleted with it (those bound to the session). */
  readonly tokens: number;
}

/** The sessions, grants and tokens oidc-provider keeps for an account, or issued to a client. */
export interface SessionStore {
  listForAccount(accountId: string): Promise<readonly SessionSummary[]>;
  /** The account's live grants. */
  listGrantsForAccount(accountId: string): Promise<readonly GrantSummary[]>;
  /**
   * Ends the account's session with this uid as oidc-provider's logout does: deletes the
   * session, and the grants of the clients it signed in to that do not outlive a logout (no
   * offline access), with their codes and tokens. null when the account has no such live
   * session (another account's uid is never found).
   */
  revokeSession(accountId: string, uid: string): Promise<EndedSession | null>;
  /**
   * Deletes the account's grant and every code and token issued under it. null when the account
   * has no such grant. `sids`: the account's sessions that signed in to the grant's client
   * under it (their client session ends: back-channel logout).
   */
  revokeGrant(accountId: string, grantId: string): Promise<{ readonly clientId: string; readonly tokens: number; readonly sids: readonly string[] } | null>;
  /** Deletes every session, grant, code and token of the account; answers how many sessions
   * and how many other records went. */
  revokeForAccount(accountId: string): Promise<{ readonly sessions: number; readonly tokens: number }>;
  /** Gives a live session `seconds` more to live from now, and `exp` (oidc-provider's epoch
   * seconds) in its payload, if that is later than what it has (never shortens it); a session
   * that is gone stays gone (no upsert), and nothing else of the record changes. */
  extendSession(uid: string, seconds: number, exp: number): Promise<void>;
  /** The same for every account (an administrator ending everyone's sessions). */
  revokeForEveryone(): Promise<{ readonly sessions: number; readonly tokens: number }>;
  /**
   * Deletes what was issued to the client: every grant, code and token (`all`), or only the
   * access tokens it got with its own credentials (`credentials`, the client credentials
   * grant). Answers how many records went. Sessions stay: they are the users'.
   */
  revokeForClient(clientId: string, which: 'all' | 'credentials'): Promise<number>;
}

/** A registered OIDC client, in oidc-provider's metadata names. */
export interface ClientMetadata {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly client_name?: string;
  readonly redirect_uris: readonly string[];
  readonly post_logout_redirect_uris?: readonly string[];
  readonly grant_types: readonly string[];
  readonly response_types: readonly string[];
  readonly token_endpoint_auth_method: string;
  readonly first_party?: boolean;
  readonly [key: string]: unknown;
}

/** A registered client as its administrators see it. */
export interface RegisteredClient {
  readonly metadata: ClientMetadata;
  /** false: disabled. oidc-provider does not find a disabled client, so nothing of it works:
   * no sign-in, no token, no use of a token it was given. */
  readonly enabled: boolean;
  /** Counts the changes since registration: a change is saved over the revision it was made from. */
  readonly revision: number;
}

export interface ClientStore {
  /** Stores a new client's registration (enabled, revision 0). */
  save(metadata: ClientMetadata): Promise<void>;
  /** The client, enabled or disabled; null when there is none. */
  find(clientId: string): Promise<RegisteredClient | null>;
  /** Every client, enabled or not, sorted by id. */
  list(): Promise<readonly RegisteredClient[]>;
  /** The clients whose secret is sealed under an earlier secret key: saving one with replace()
   * seals it under the current key (`pingate secrets reseal`). */
  listSealedUnderOldKeys(): Promise<readonly RegisteredClient[]>;
  /** Stores `next` (metadata and enabled state) only if the stored revision is still
   * `next.revision`; the saved revision is +1. false when another change came first, or the
   * client is gone. */
  replace(next: RegisteredClient): Promise<boolean>;
  /** false when there was no such client. */
  remove(clientId: string): Promise<boolean>;
}

/** Tells the applications a session signed in to that it ended (OpenID Connect back-channel
 * logout), those registered for it. Never fails: an undelivered notice is logged. */
export interface LogoutNotifier {
  sessionEnded(accountId: string, sids: SessionSids): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
