// The notification port: what use cases tell users, independent of how it is delivered.
export interface Recipient {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly email: string | null;
}

/** Why a code is emailed, which decides what the email warns about: `after_pin` (the PIN was
 * right: if it was not the owner, the PIN is known), `without_pin` (no PIN was checked before
 * it: an account with no PIN yet), `recovery` (a forgotten PIN). */
export type CodeReason = 'after_pin' | 'without_pin' | 'recovery';

/** The language of the pages that caused a message (a BCP 47 tag); the default when absent. */
type InLanguage = { readonly locale?: string };

export interface Notifier {
  /** true when email can be sent at all (SMTP configured). */
  readonly enabled: boolean;
  /** true when a message to this person can be sent at all (SMTP configured, address known). */
  canEmail(to: Recipient): boolean;
  /** A sign-in code; throws DomainError('delivery_failed') when it cannot be sent. */
  signinCode(to: Recipient, code: string, context: { ttlSeconds: number; clientName: string; now: Date; reason: CodeReason } & InLanguage): Promise<void>;
  /** A server-generated PIN; throws when it cannot be sent. */
  randomPin(to: Recipient, pin: string, context: { now: Date } & InLanguage): Promise<void>;
  /** Notices: best effort, never throw. */
  accountLocked(to: Recipient, context: { now: Date; until: Date | null } & InLanguage): Promise<void>;
  pinChanged(to: Recipient, context: { now: Date; clientName: string | null } & InLanguage): Promise<void>;
  pinChangeRequired(to: Recipient, context: { reason: 'forced' | 'expiring'; expiresAt: Date | null } & InLanguage): Promise<void>;
}
