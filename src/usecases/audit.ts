// The audit port: every security event, who did it, to which account, from where, and how it
// ended. Fields are identifiers and reason codes only: never a PIN, a code or a secret.

export type AuditEventName =
  | 'signin.success'
  | 'signin.failure'
  | 'account.locked'
  | 'account.unlocked'
  | 'account.created'
  | 'account.updated'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.deleted'
  | 'pin.set'
  | 'pin.changed'
  | 'pin.reset'
  | 'pin.change_forced'
  | 'pin.random_issued'
  | 'token.enrolled'
  /** A TOTP token brought from another token server's seed file (`pingate token import`). */
  | 'token.imported'
  | 'token.activated'
  | 'token.disabled'
  | 'token.deleted'
  | 'token.resynced'
  | 'client.registered'
  | 'client.updated'
  | 'client.disabled'
  | 'client.enabled'
  | 'client.removed'
  | 'client.secret_rotated'
  | 'sessions.ended'
  | 'session.logged_out'
  | 'grant.revoked'
  | 'enrolment_code.issued'
  /** Someone signed in to the web console (failure: a sign-in it refused, with the reason). */
  | 'console.signed_in'
  /** ID-token signing keys rotated or one retired (`pingate keys`). */
  | 'keys.rotated'
  | 'keys.retired'
  /** Stored secrets sealed again under a new PINGATE_SECRET_KEY (`pingate secrets reseal`). */
  | 'secrets.resealed'
  /** A validate API check answered (ACCEPT, REJECT or CHALLENGE), by the caller. */
  | 'validate.answered';

export interface Actor {
  /** user: the person signing in · client: an OAuth client of the admin API · operator: the CLI ·
   * console: a person signed in to the web console (id: their username). */
  readonly type: 'user' | 'client' | 'operator' | 'console' | 'system';
  readonly id: string;
}

export interface AuditEvent {
  readonly event: AuditEventName;
  readonly outcome: 'success' | 'failure';
  readonly actor: Actor;
  readonly account?: { readonly id: string; readonly username: string } | null;
  /** A reason code (wrong_pin, account_locked, ...), never free text with user input. */
  readonly reason?: string | null;
  readonly ip?: string | null;
  /** The OIDC client the user was signing in to, or the client an administrator acted on. */
  readonly clientId?: string | null;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface AuditRecord extends AuditEvent {
  readonly id: string;
  readonly time: Date;
}

export interface AuditQuery {
  readonly accountId?: string | undefined;
  readonly event?: string | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  readonly limit: number;
  readonly skip?: number | undefined;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  query(query: AuditQuery): Promise<readonly AuditRecord[]>;
}
