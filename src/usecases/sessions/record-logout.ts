// A logout is a security event: audited with the client that asked for it and how (a browser
// through end_session, or a server calling end_session with an id_token_hint).
import { auditSubject } from '../audit-subject.ts';
import type { AuditLog } from '../audit.ts';
import type { AccountStore } from '../ports.ts';

export interface LogoutRecord {
  readonly accountId: string;
  readonly clientId: string;
  readonly sessions: number;
  readonly via: 'browser' | 'server';
}

export async function recordLogout(deps: { readonly accounts: AccountStore; readonly audit: AuditLog }, logout: LogoutRecord): Promise<void> {
  const account = await deps.accounts.findById(logout.accountId);
  await deps.audit.record({
    event: 'session.logged_out',
    outcome: 'success',
    actor: logout.via === 'browser' ? { type: 'user', id: logout.accountId } : { type: 'client', id: logout.clientId },
    account: account ? auditSubject(account) : null,
    clientId: logout.clientId || null,
    details: { via: logout.via, sessions: logout.sessions },
  });
}
