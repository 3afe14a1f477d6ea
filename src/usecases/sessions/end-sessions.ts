// Ends an account's sessions: every session and token it was given before now stops working
// (the account's sessionsValidFrom moves to now, checked at every use), and the records go
// (so introspection, too, calls them inactive). What was ended is audited, with its cause.
import { auditSubject } from '../audit-subject.ts';
import type { Actor, AuditLog } from '../audit.ts';
import type { AccountStore, SessionStore } from '../ports.ts';

/** The time an end of sessions is marked with. Sessions and tokens carry oidc-provider's own
 * timestamps (loginTs, iat), which follow the system clock, not the injectable Clock: the mark
 * must be on the same clock to be compared with them. */
export const sessionTime = (): Date => new Date();

/** Which actions end the account's sessions (configuration sessions.endOn). */
export interface SessionEndPolicy {
  readonly accountDisable: boolean;
  readonly accountLock: boolean;
  readonly pinReset: boolean;
  readonly pinForceChange: boolean;
  readonly pinChange: boolean;
  readonly tokenDisable: boolean;
  readonly tokenRemove: boolean;
}

export type SessionEndCause = keyof SessionEndPolicy | 'account_delete' | 'revoked';

export interface EndSessionsDependencies {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly audit: AuditLog;
  readonly sessionEnd: SessionEndPolicy;
  /** Where the actor acts from, when known (an administrator's address). */
  readonly ip?: string | null;
}

export async function endSessions(
  deps: EndSessionsDependencies,
  account: { readonly id: string; readonly username: string },
  cause: SessionEndCause,
  actor: Actor,
  options: { readonly keepRecords?: boolean } = {},
): Promise<{ sessions: number; tokens: number } | null> {
  if (cause in deps.sessionEnd && !deps.sessionEnd[cause as keyof SessionEndPolicy]) return null;
  await deps.accounts.endSessions({ accountId: account.id }, sessionTime());
  // A sign-in that changes the PIN may be reusing a session record: leave the records, the
  // time mark alone voids them (and the sign-in's own new session begins after it).
  const removed = options.keepRecords ? { sessions: 0, tokens: 0 } : await deps.sessions.revokeForAccount(account.id);
  // The action itself is audited by its use case; this record says what it ended, if anything.
  if (removed.sessions + removed.tokens === 0) return removed;
  await deps.audit.record({
    event: 'sessions.ended',
    outcome: 'success',
    actor,
    account: auditSubject(account),
    reason: cause,
    ip: deps.ip ?? null,
    details: { sessions: removed.sessions, tokens: removed.tokens },
  });
  return removed;
}
