// A helpdesk's view of an account's sessions, and ending them: every session, grant and token
// the account holds stops working at once (the user signs in again). Audited with the actor.
import type { SessionSummary } from '../ports.ts';
import { endSessions, sessionTime } from '../sessions/end-sessions.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount, requireAdministrator, requireManageableAccount } from './find-account.ts';

export async function listSessions(deps: AdminDependencies, username: string): Promise<readonly SessionSummary[]> {
  const account = await requireAccount(deps.accounts, username);
  return deps.sessions.listForAccount(account.id);
}

export async function revokeSessions(deps: AdminDependencies, username: string): Promise<{ sessions: number; tokens: number }> {
  const account = await requireManageableAccount(deps, username);
  return (await endSessions(deps, account, 'revoked', deps.actor)) ?? { sessions: 0, tokens: 0 };
}

/** Ends every account's sessions and tokens at once (a suspected compromise, a key change):
 * every session and token issued before now stops, the records go. Client-credentials tokens
 * of service clients are not an account's and stay. */
export async function revokeEveryonesSessions(deps: AdminDependencies): Promise<{ sessions: number; tokens: number }> {
  requireAdministrator(deps, "end everyone's sessions");
  await deps.accounts.endSessions({ all: true }, sessionTime());
  const removed = await deps.sessions.revokeForEveryone();
  await deps.audit.record({
    event: 'sessions.ended',
    outcome: 'success',
    actor: deps.actor,
    account: null,
    reason: 'revoked_everyone',
    ip: deps.ip ?? null,
    details: { sessions: removed.sessions, tokens: removed.tokens },
  });
  return { ...removed };
}
