// The notification port: what use cases tell users, independent of how it is delivered.
export interface Recipient {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly email: string | null;
}

export interface Notifier {
  /** true when a message to this person can be sent at all (SMTP configured, address known). */
  canEmail(to: Recipient): boolean;
  /** A sign-in code; throws DomainError('delivery_failed') when it cannot be sent. */
  signinCode(to: Recipient, code: string, context: { ttlSeconds: number; clientName: string; now: Date }): Promise<void>;
  /** A server-generated PIN; throws when it cannot be sent. */
  randomPin(to: Recipient, pin: string, context: { now: Date }): Promise<void>;
  /** Notices: best effort, never throw. */
  accountLocked(to: Recipient, context: { now: Date; until: Date | null }): Promise<void>;
  pinChanged(to: Recipient, context: { now: Date; clientName: string | null }): Promise<void>;
  pinChangeRequired(to: Recipient, context: { reason: 'forced' | 'expiring'; expiresAt: Date | null }): Promise<void>;
}
