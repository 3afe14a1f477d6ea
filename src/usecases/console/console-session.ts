// The web console's session: opened from a fresh PIN + tokencode sign-in of a member of an
// administrator or helpdesk group, and judged again at every request: still within its idle and
// absolute limits, the browser's sign-in session still there (ending the account's sessions ends
// the console too), the account still standing (not disabled, locked or made to sign in again),
// and still in a console group, whose role is read anew (leaving the group takes effect at once).
import { consoleRole, consoleSessionEnded, type ConsoleGroups, type ConsoleRole, type ConsoleSessionLimits } from '../../domain/console-role.ts';
import type { AuditLog } from '../audit.ts';
import { auditSubject } from '../audit-subject.ts';
import type { Account, AccountStore, Clock, SessionStore } from '../ports.ts';
import { judgeSessionAccount, type SessionCheckDependencies } from '../sessions/check-account.ts';

export interface ConsoleSessionDependencies extends SessionCheckDependencies {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly groups: ConsoleGroups;
  readonly limits: ConsoleSessionLimits;
  /** The acr values of a sign-in with the PIN and a one-time code (not the tokencode alone). */
  readonly acceptedAcr: readonly string[];
}

/** What the console's cookie carries (signed): no secret, only what says which sign-in it was. */
export interface ConsoleTicket {
  readonly accountId: string;
  /** The browser's sign-in session (oidc-provider's session uid). */
  readonly sessionUid: string;
  readonly signedInAt: Date;
  readonly lastSeenAt: Date;
  /** Random, per console session: the page forms' CSRF token is derived from it. */
  readonly nonce: string;
}

/** The sign-in that came back to the console, as the authorization code recorded it. */
export interface ConsoleSignIn {
  readonly accountId: string;
  readonly sessionUid: string;
  readonly acr: string | undefined;
  /** Seconds since the epoch (auth_time). */
  readonly authTime: number;
  /** When the console sent the browser to sign in: the sign-in must be newer. */
  readonly requestedAt: Date;
  readonly ip: string;
}

export type ConsoleRefusal = 'weak_signin' | 'not_fresh' | 'account_unusable' | 'no_console_role';

export interface SignedInToConsole {
  readonly account: Account;
  readonly role: ConsoleRole;
}

export async function openConsoleSession(deps: ConsoleSessionDependencies, signIn: ConsoleSignIn, nonce: string): Promise<{ ticket: ConsoleTicket; role: ConsoleRole } | { refused: ConsoleRefusal }> {
  const account = await deps.accounts.findById(signIn.accountId);
  const signedInAt = new Date(signIn.authTime * 1000);
  const refusal = whyRefused(deps, signIn, account, signedInAt);
  await deps.audit.record({
    event: 'console.signed_in',
    outcome: refusal ? 'failure' : 'success',
    actor: { type: 'user', id: signIn.accountId },
    account: account ? auditSubject(account) : null,
    reason: refusal,
    ip: signIn.ip,
    details: account && !refusal ? { role: consoleRole(account.groups, deps.groups) } : undefined,
  });
  if (refusal) return { refused: refusal };
  const now = deps.clock.now();
  return { ticket: { accountId: account!.id, sessionUid: signIn.sessionUid, signedInAt, lastSeenAt: now, nonce }, role: consoleRole(account!.groups, deps.groups)! };
}

function whyRefused(deps: ConsoleSessionDependencies, signIn: ConsoleSignIn, account: Account | null, signedInAt: Date): ConsoleRefusal | null {
  if (!signIn.acr || !deps.acceptedAcr.includes(signIn.acr)) return 'weak_signin';
  // auth_time has whole seconds: a sign-in in the same second as the request counts as fresh.
  if (signedInAt.getTime() < Math.floor(signIn.requestedAt.getTime() / 1000) * 1000) return 'not_fresh';
  if (judgeSessionAccount(deps, account, { startedAt: signedInAt, interactive: false }) !== null) return 'account_unusable';
  if (consoleRole(account!.groups, deps.groups) === null) return 'no_console_role';
  return null;
}

/** Signing out of the console ends the sign-in session it was opened with too: on a shared
 * helpdesk computer, nothing signed in stays behind. */
export async function closeConsoleSession(deps: ConsoleSessionDependencies, ticket: ConsoleTicket, ip: string): Promise<void> {
  const ended = await deps.sessions.revokeSession(ticket.accountId, ticket.sessionUid);
  const account = await deps.accounts.findById(ticket.accountId);
  if (!ended || !account) return;
  await deps.audit.record({ event: 'session.logged_out', outcome: 'success', actor: { type: 'user', id: account.id }, account: auditSubject(account), ip, details: { via: 'console' } });
}

/** The console user behind `ticket` and their role now, or why the console must sign in again. */
export async function resumeConsoleSession(deps: ConsoleSessionDependencies, ticket: ConsoleTicket): Promise<SignedInToConsole | { ended: 'idle' | 'too_old' | 'signed_out' | 'no_console_role' }> {
  const ended = consoleSessionEnded(ticket, deps.clock.now(), deps.limits);
  if (ended) return { ended };
  const account = await deps.accounts.findById(ticket.accountId);
  if (judgeSessionAccount(deps, account, { startedAt: ticket.signedInAt, interactive: false }) !== null) return { ended: 'signed_out' };
  const sessions = await deps.sessions.listForAccount(account!.id);
  if (!sessions.some((session) => session.uid === ticket.sessionUid)) return { ended: 'signed_out' };
  const role = consoleRole(account!.groups, deps.groups);
  return role ? { account: account!, role } : { ended: 'no_console_role' };
}
