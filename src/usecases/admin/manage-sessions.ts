// A helpdesk's view of an account's sessions, and ending them: every session, grant and token
// the account holds stops working at once (the user signs in again). Audited with the actor.
import type { SessionSummary } from '../ports.ts';
import { endSessions } from '../sessions/end-sessions.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount } from './find-account.ts';

export async function listSessions(deps: AdminDependencies, username: string): Promise<readonly SessionSummary[]> {
  const account = await requireAccount(deps.accounts, username);
  return deps.sessions.listForAccount(account.id);
}

export async function revokeSessions(deps: AdminDependencies, username: string): Promise<{ sessions: number; tokens: number }> {
  const account = await requireAccount(deps.accounts, username);
  return (await endSessions(deps, account, 'revoked', deps.actor)) ?? { sessions: 0, tokens: 0 };
}
