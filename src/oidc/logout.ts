// Logout that works with relying parties which are themselves identity providers (Keycloak
// brokering to Pingate):
//  - the client that started an RP-initiated logout is not sent a back-channel logout for it
//    (Keycloak would end its own session mid-logout and then refuse the browser's return);
//  - an id_token_hint naming the browser's current session is proof enough: no confirmation page;
//  - a server-to-server end_session (no cookie, Keycloak's "Backchannel logout" toggle) ends the
//    session the hint's sid names.
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { Middleware } from 'koa';
import { decodeJwt } from 'jose';
import type { LogoutNotifier, SessionSids } from '../usecases/ports.ts';

/** A logged-out session, for the audit trail. */
export interface LoggedOut {
  readonly accountId: string;
  readonly clientId: string;
  readonly sessions: number;
}

/** What oidc-provider keeps in the session between the logout page and its confirmation, plus
 * whether the client named there proved it (markInitiator). */
interface LogoutState {
  clientId?: string;
  initiatorProven?: boolean;
}

/** On the logout page: the client named by the request proved itself with a valid id_token_hint
 * (oidc-provider validated it and took the client from its audience). */
export function markInitiator(ctx: KoaContextWithOIDC): void {
  const state = ctx.oidc.session?.state as LogoutState | undefined;
  if (state) state.initiatorProven = ctx.oidc.entities.IdTokenHint !== undefined && state.clientId !== undefined;
}

/** Back-channel logouts skip the client whose own end_session request is being confirmed. */
export function skipSelfNotification(provider: Provider): void {
  const clientClass = provider.Client as unknown as { prototype: { backchannelLogout(sub: string, sid: string): Promise<void>; clientId: string } };
  const notify = clientClass.prototype.backchannelLogout;
  clientClass.prototype.backchannelLogout = function backchannelLogout(this: { clientId: string }, sub: string, sid: string) {
    const ctx = (Provider as unknown as { ctx?: KoaContextWithOIDC }).ctx;
    const state = ctx?.oidc?.route === 'end_session_confirm' ? (ctx.oidc.session?.state as LogoutState | undefined) : undefined;
    // Only a client that proved it asked (its own valid id_token_hint) is spared: a bare
    // client_id in a link would otherwise keep that client's session alive in this browser.
    if (state?.initiatorProven === true && state.clientId === this.clientId) return Promise.resolve();
    return notify.call(this, sub, sid);
  };
}

/** Every ID token carries its session's sid (oidc-provider adds it only for clients with a
 * back-channel logout URI), so any client's id_token_hint can name the session it means. */
export function sidInEveryIdToken(provider: Provider): void {
  (provider.Client as unknown as { prototype: { includeSid(): boolean } }).prototype.includeSid = () => true;
}

/** The validated id_token_hint of this end_session request names the browser's session. */
export function hintNamesCurrentSession(ctx: KoaContextWithOIDC): boolean {
  const hint = ctx.oidc.entities.IdTokenHint as { payload: { sub?: string; sid?: string; aud?: string } } | undefined;
  const { session } = ctx.oidc;
  if (!hint || !session?.accountId || !ctx.oidc.client) return false;
  const { sub, sid } = hint.payload;
  return sub === session.accountId && typeof sid === 'string' && sid === session.sidFor(ctx.oidc.client.clientId);
}

/** What the middleware reads of a stored session to match the hint's sid. */
interface StoredSession {
  accountId?: string;
  sidFor(clientId: string): string | undefined;
}

/** Ends one session of an account the way a logout does (SessionStore.revokeSession): the
 * session and its grants that do not outlive a logout go; answers the sids to notify. */
export type EndSession = (accountId: string, uid: string) => Promise<{ readonly sids: SessionSids } | null>;

/**
 * end_session called by a server: no session cookie, an id_token_hint. The hint is validated as
 * oidc-provider validates it (signature, issuer, audience; an expired one is accepted, as the
 * specification allows), then the session whose sid it carries ends, with its grants, and the
 * session's other clients get their back-channel logouts. Answers 200 whether or not a session
 * was still there (the caller only learns that the hint was valid).
 */
export function serverToServerEndSession(
  provider: Provider,
  sessionIdsOf: (accountId: string) => Promise<readonly string[]>,
  endSession: EndSession,
  onLoggedOut: (loggedOut: LoggedOut) => Promise<void>,
): Middleware {
  const notifier = backchannelNotifier(provider);
  const path = new URL(provider.urlFor('end_session')).pathname;
  return async (ctx, next) => {
    if (ctx.path !== path || (ctx.method !== 'GET' && ctx.method !== 'POST')) return next();
    if (ctx.cookies.get(provider.cookieName('session'))) return next();
    const hint = ctx.method === 'GET' ? ctx.query.id_token_hint : undefined;
    // A POST's body is oidc-provider's to parse; a server-to-server call is a GET (Keycloak's is).
    if (typeof hint !== 'string' || hint === '') return next();
    // A browser that lost its cookie goes through oidc-provider's pages as usual.
    if (ctx.query.post_logout_redirect_uri !== undefined || (ctx.get('Accept').includes('text/html'))) return next();
    const refuse = (description: string) => {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: description };
    };
    const payload = decodePayload(hint);
    const client = typeof payload?.aud === 'string' ? await provider.Client.find(payload.aud) : undefined;
    if (!payload || !client) return refuse('id_token_hint is not valid');
    try {
      await provider.IdToken.validate(hint, client);
    } catch {
      return refuse('id_token_hint is not valid');
    }
    const sid = payload.sid;
    const accountId = payload.sub;
    if (typeof sid !== 'string' || typeof accountId !== 'string') return refuse('id_token_hint carries no sid');
    let ended = 0;
    for (const uid of await sessionIdsOf(accountId)) {
      const session = (await provider.Session.findByUid(uid)) as unknown as StoredSession | undefined;
      if (!session || session.accountId !== accountId || session.sidFor(client.clientId) !== sid) continue;
      const gone = await endSession(accountId, uid);
      if (!gone) continue;
      ended += 1;
      // The caller asked: it is not told of its own logout.
      const { [client.clientId]: _caller, ...others } = gone.sids;
      await notifier.sessionEnded(accountId, others);
    }
    // Audited only when a session ended: a replayed hint writes nothing.
    if (ended > 0) await onLoggedOut({ accountId, clientId: client.clientId, sessions: ended });
    ctx.status = 200;
    ctx.type = 'text/plain';
    ctx.body = 'signed out\n';
  };
}

/** Sends `clientId` its back-channel logout for `sid`, if it registered for them; the outcome
 * goes to oidc-provider's events (a failure is logged there, never thrown). */
async function notifyBackchannel(provider: Provider, clientId: string, accountId: string, sid: string): Promise<void> {
  const client = (await provider.Client.find(clientId).catch(() => undefined)) as unknown as { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void> } | undefined;
  if (!client?.backchannelLogoutUri) return;
  await client.backchannelLogout(accountId, sid).then(
    () => void provider.emit('backchannel.success', undefined, client, accountId, sid),
    (error: unknown) => void provider.emit('backchannel.error', undefined, error, client, accountId, sid),
  );
}

/** Back-channel logout notices for sessions ended outside end_session (a user ending their own
 * sessions or an application's access on the self-service page). */
export function backchannelNotifier(provider: Provider): LogoutNotifier {
  return {
    async sessionEnded(accountId, sids) {
      await Promise.all(Object.entries(sids).map(([clientId, sid]) => notifyBackchannel(provider, clientId, accountId, sid)));
    },
  };
}

function decodePayload(jwt: string): Record<string, unknown> | null {
  try {
    return decodeJwt(jwt);
  } catch {
    return null;
  }
}
