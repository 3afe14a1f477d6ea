// A signed-in user's own sessions and the applications they gave access to (ASVS 7.5.2,
// 10.7.3): what the page shows, and ending one session, every other one, every one, or an
// application's grant. Each action reaches only the account's own records (the stores filter by
// account), runs after a re-authentication (the route's; see signin/reauthenticate.ts), is
// audited with the user as actor, and tells the applications whose sessions ended
// (back-channel logout).
import { DomainError } from '../../domain/errors.ts';
import { auditSubject } from '../audit-subject.ts';
import type { AuditLog } from '../audit.ts';
import type { Account, AccountStore, ClientStore, EndedSession, LogoutNotifier, SessionStore, SessionSummary } from '../ports.ts';
import { judgeSessionAccount, type SessionCheckDependencies } from './check-account.ts';
import { sessionTime } from './end-sessions.ts';

export interface MySessionsDependencies extends SessionCheckDependencies {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly clients: ClientStore;
  readonly audit: AuditLog;
  readonly logoutNotifier: LogoutNotifier;
}

/** A session as its own account sees it: the uid is not a credential (the session's id, the
 * cookie's value, is never shown). */
export interface MySession extends Omit<SessionSummary, 'accountId' | 'clients'> {
  /** The session of the browser looking at the page. */
  readonly current: boolean;
  /** The names of the applications it signed in to (those that still have access). */
  readonly applications: readonly string[];
}

/** An application the account gave access to: its grants (one per session for a first-party
 * application, one consent for a third-party one) taken together. */
export interface MyApplication {
  readonly clientId: string;
  readonly name: string;
  /** An application of the organisation's own, which never asks for consent. */
  readonly firstParty: boolean;
  readonly scopes: readonly string[];
  /** It may act while the user is away (refresh tokens that outlive a sign-out). */
  readonly offline: boolean;
  readonly grantedAt: Date | null;
  /** When the last of its grants ends. */
  readonly expiresAt: Date | null;
}

export type MySessionsAction =
  | { readonly kind: 'end_session'; readonly uid: string }
  | { readonly kind: 'end_others' }
  | { readonly kind: 'end_all' }
  | { readonly kind: 'revoke_application'; readonly clientId: string };

export interface ActedOn {
  readonly sessions: number;
  readonly tokens: number;
  /** This browser's session ended too. */
  readonly signedOutHere: boolean;
}

type Subject = { readonly id: string; readonly username: string };

/** The account behind a browser's session, if it still stands behind it (active, not locked, no
 * end of its sessions since `loginTs`): only then may the session see and end the others. A PIN
 * to change does not stop it (that is for the next sign-in). */
export async function signedInAccount(deps: MySessionsDependencies, accountId: string, loginTs: number | undefined): Promise<Account | null> {
  const account = await deps.accounts.findById(accountId);
  return judgeSessionAccount(deps, account, { startedAt: new Date((loginTs ?? 0) * 1000), interactive: false }) === null ? account : null;
}

/** The account's sessions (this browser's first, then the newest) and applications (by name). */
export async function viewMySessions(deps: MySessionsDependencies, accountId: string, currentUid: string | null): Promise<{ sessions: MySession[]; applications: MyApplication[] }> {
  const [sessions, grants] = await Promise.all([deps.sessions.listForAccount(accountId), deps.sessions.listGrantsForAccount(accountId)]);
  const clients = new Map<string, { name: string; firstParty: boolean }>();
  for (const clientId of new Set([...sessions.flatMap((s) => s.clients), ...grants.map((g) => g.clientId)])) {
    const client = await deps.clients.find(clientId);
    clients.set(clientId, { name: client?.metadata.client_name ?? clientId, firstParty: client?.metadata.first_party === true });
  }
  const nameOf = (clientId: string) => clients.get(clientId)?.name ?? clientId;
  // A session names the applications it signed in to that still have access (a revoked grant's
  // client stays in the session's record until it signs in again).
  const granted = new Set(grants.map((g) => g.clientId));
  return {
    sessions: sessions
      .map((s) => ({ uid: s.uid, current: s.uid === currentUid, signedInAt: s.signedInAt, amr: s.amr, acr: s.acr, applications: s.clients.filter((c) => granted.has(c)).map(nameOf), expiresAt: s.expiresAt }))
      .sort((a, b) => Number(b.current) - Number(a.current) || b.signedInAt.getTime() - a.signedInAt.getTime()),
    applications: [...granted]
      .map((clientId) => {
        const mine = grants.filter((g) => g.clientId === clientId);
        const times = (pick: (g: (typeof mine)[number]) => Date | null) => mine.map(pick).filter((d) => d !== null).map((d) => d.getTime());
        const [began, ends] = [times((g) => g.grantedAt), times((g) => g.expiresAt)];
        const scopes = [...new Set(mine.flatMap((g) => g.scopes))];
        return {
          clientId,
          name: nameOf(clientId),
          firstParty: clients.get(clientId)?.firstParty ?? false,
          scopes,
          offline: scopes.includes('offline_access'),
          grantedAt: began.length ? new Date(Math.min(...began)) : null,
          expiresAt: ends.length === mine.length ? new Date(Math.max(...ends)) : null,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name) || a.clientId.localeCompare(b.clientId)),
  };
}

/** Performs `action` for `account`, whose owner re-authenticated; `currentUid`: this browser's session. */
export async function actOnMySessions(deps: MySessionsDependencies, account: Subject, currentUid: string | null, action: MySessionsAction, ip: string): Promise<ActedOn> {
  const audit = (event: 'sessions.ended' | 'grant.revoked', extra: { reason?: string; clientId?: string; details: Record<string, string | number | boolean | null> }) =>
    deps.audit.record({ event, outcome: 'success', actor: { type: 'user', id: account.id }, account: auditSubject(account), ip, ...extra });
  const endEach = async (uids: readonly string[]): Promise<EndedSession[]> => {
    const ended: EndedSession[] = [];
    for (const uid of uids) {
      const session = await deps.sessions.revokeSession(account.id, uid);
      if (session) ended.push(session);
    }
    await Promise.all(ended.map((session) => deps.logoutNotifier.sessionEnded(account.id, session.sids)));
    return ended;
  };
  const tokensOf = (ended: readonly EndedSession[]) => ended.reduce((sum, s) => sum + s.tokens, 0);

  switch (action.kind) {
    case 'end_session': {
      const [ended] = await endEach([action.uid]);
      if (!ended) throw new DomainError('not_found', 'no such session of yours');
      await audit('sessions.ended', { reason: 'user_revoked', details: { which: 'one', session: ended.uid, sessions: 1, tokens: ended.tokens } });
      return { sessions: 1, tokens: ended.tokens, signedOutHere: ended.uid === currentUid };
    }
    case 'end_others': {
      const others = (await deps.sessions.listForAccount(account.id)).map((s) => s.uid).filter((uid) => uid !== currentUid);
      const ended = await endEach(others);
      await audit('sessions.ended', { reason: 'user_revoked', details: { which: 'others', sessions: ended.length, tokens: tokensOf(ended) } });
      return { sessions: ended.length, tokens: tokensOf(ended), signedOutHere: false };
    }
    case 'end_all': {
      // Each session ends as a logout (its applications are told), then everything else the
      // account holds goes too (offline access included), and whatever was issued before now is
      // void even if a record was missed (the account's mark, checked at every use).
      const ended = await endEach((await deps.sessions.listForAccount(account.id)).map((s) => s.uid));
      await deps.accounts.endSessions({ accountId: account.id }, sessionTime());
      const rest = await deps.sessions.revokeForAccount(account.id);
      const result = { sessions: ended.length + rest.sessions, tokens: tokensOf(ended) + rest.tokens };
      await audit('sessions.ended', { reason: 'user_revoked', details: { which: 'all', ...result } });
      return { ...result, signedOutHere: true };
    }
    case 'revoke_application': {
      let tokens = 0;
      let revokedGrants = 0;
      for (const grant of (await deps.sessions.listGrantsForAccount(account.id)).filter((g) => g.clientId === action.clientId)) {
        const revoked = await deps.sessions.revokeGrant(account.id, grant.grantId);
        if (!revoked) continue;
        revokedGrants += 1;
        tokens += revoked.tokens;
        // The application's sessions under this grant end: it is told, where it asked to be.
        await Promise.all(revoked.sids.map((sid) => deps.logoutNotifier.sessionEnded(account.id, { [revoked.clientId]: sid })));
      }
      if (revokedGrants === 0) throw new DomainError('not_found', 'no such application access of yours');
      await audit('grant.revoked', { reason: 'user_revoked', clientId: action.clientId, details: { grants: revokedGrants, tokens } });
      return { sessions: 0, tokens, signedOutHere: false };
    }
  }
}
