// "Your sessions and applications" (/self-service/sessions): the signed-in account's sessions
// (this browser marked) and the applications it gave access to, with actions to end a session,
// every other one, every one, or an application's access. Every action is a POST carrying the
// page's CSRF token (a 'sessions' flow, bound to the browser by a signed cookie and to the
// account signed in here), and runs only after the user re-authenticates on a confirmation page
// (PIN + tokencode, checked as at a sign-in: signin/reauthenticate.ts).
import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type Provider from 'oidc-provider';
import { DomainError } from '../../domain/errors.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { describeScope } from '../interactions/consent.ts';
import type { SignInDependencies, SignInSettings } from '../../usecases/signin/dependencies.ts';
import { startSessionsPageFlow } from '../../usecases/signin/open-flow.ts';
import { offersCredentials, reauthenticate, reauthenticationDemand } from '../../usecases/signin/reauthenticate.ts';
import { sameToken, type SignInForm } from '../../usecases/signin/submit-step.ts';
import { actOnMySessions, signedInAccount, viewMySessions, type MySessionsAction, type MySessionsDependencies } from '../../usecases/sessions/my-sessions.ts';
import type { Account } from '../../usecases/ports.ts';

const PATH = '/self-service/sessions';
const FLOW_COOKIE = 'pingate_sessions';
const TITLE = 'Your sessions and applications';
const CONTEXT = { clientId: 'pingate-self-service', clientName: 'Pingate self-service', purpose: 'sessions' } as const;

/** What a finished action says on the page it returns to (fixed texts: nothing is reflected). */
const DONE: Readonly<Record<string, string>> = {
  end_session: 'That session is signed out.',
  end_others: 'You are signed out everywhere else.',
  revoke_application: 'The application’s access is revoked. It must ask you again to use your account.',
  expired: 'This page had expired, so nothing was changed. Try again.',
};

/** The session of this browser (oidc-provider's cookie), and its account if it still stands. */
export async function browserSession(ctx: RouterContext, provider: Provider, deps: MySessionsDependencies): Promise<{ account: Account; uid: string } | null> {
  const sessionId = ctx.cookies.get(provider.cookieName('session'), { signed: true });
  const session = sessionId ? await provider.Session.find(sessionId) : undefined;
  if (!session?.accountId) return null;
  const account = await signedInAccount(deps, session.accountId, session.loginTs);
  return account ? { account, uid: session.uid } : null;
}

const when = (date: Date | null): string | null => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : null);

export function mountSessionsPage(router: Router, provider: Provider, signin: SignInDependencies, mine: MySessionsDependencies): void {
  const setFlowCookie = (ctx: RouterContext, id: string | null) =>
    ctx.cookies.set(FLOW_COOKIE, id, { signed: true, httpOnly: true, sameSite: 'lax', path: PATH });

  /** This browser's live page flow for `account`, or a new one (with half its time left at least). */
  const pageFlow = async (ctx: RouterContext, account: Account): Promise<SignInFlow> => {
    const stored = await boundFlow(ctx, account);
    const halfLife = (signin.settings.flowTtlSeconds * 1000) / 2;
    if (stored && stored.expiresAt.getTime() - signin.clock.now().getTime() > halfLife) return stored;
    const flow = await startSessionsPageFlow(signin, account);
    setFlowCookie(ctx, flow.id);
    return flow;
  };
  const boundFlow = async (ctx: RouterContext, account: Account): Promise<SignInFlow | null> => {
    const id = ctx.cookies.get(FLOW_COOKIE, { signed: true });
    const flow = id ? await signin.flows.find(id) : null;
    return flow?.purpose === 'sessions' && flow.accountId === account.id ? flow : null;
  };

  router.get('/sessions', async (ctx) => {
    const signedIn = await browserSession(ctx, provider, mine);
    if (!signedIn) return ctx.render('self-service/signed-out.njk', { title: TITLE });
    const flow = await pageFlow(ctx, signedIn.account);
    const { sessions, applications } = await viewMySessions(mine, signedIn.account.id, signedIn.uid);
    const done = typeof ctx.query.done === 'string' ? DONE[ctx.query.done] ?? null : null;
    await ctx.render('self-service/sessions.njk', {
      title: TITLE,
      username: signedIn.account.username,
      csrf: flow.csrfToken,
      action: PATH,
      notice: done,
      sessions: sessions.map((s) => ({
        ...s,
        signedInAt: when(s.signedInAt),
        expiresAt: when(s.expiresAt),
        authentication: describeAuthentication(s.acr, s.amr, signin.settings),
      })),
      others: sessions.filter((s) => !s.current).length,
      applications: applications.map((a) => ({ ...a, grantedAt: when(a.grantedAt), expiresAt: when(a.expiresAt), scopes: a.scopes.map(describeScope) })),
    });
  });

  router.post('/sessions', async (ctx) => {
    const signedIn = await browserSession(ctx, provider, mine);
    if (!signedIn) throw new DomainError('forbidden', 'This browser is no longer signed in. Sign in again to manage your sessions.');
    const form = (ctx.request.body ?? {}) as SignInForm & { target?: string };
    const flow = await boundFlow(ctx, signedIn.account);
    if (!flow) {
      ctx.status = 303;
      return ctx.redirect(`${PATH}?done=expired`);
    }
    if (!sameToken(form.csrf ?? '', flow.csrfToken)) throw new DomainError('csrf_mismatch', 'the form was not sent by this page');
    const action = readAction(form);
    // The target must be one of the account's own: another account's uid or grant is never found.
    const { sessions, applications } = await viewMySessions(mine, signedIn.account.id, signedIn.uid);
    const subject = describeAction(action, sessions, applications);

    const confirm = async (status: number, failed: boolean) => {
      ctx.status = status;
      await ctx.render('self-service/confirm.njk', {
        title: 'Confirm it’s you',
        username: signedIn.account.username,
        csrf: flow.csrfToken,
        action: PATH,
        form: { action: action.kind, target: 'uid' in action ? action.uid : 'clientId' in action ? action.clientId : '' },
        subject,
        demand: await reauthenticationDemand(signin, flow),
        combined: signin.settings.passcodeField === 'combined',
        message: failed ? 'The PIN or tokencode is not correct. Nothing was changed.' : null,
      });
    };
    if (!offersCredentials(form)) return confirm(200, false);
    if (!(await reauthenticate(signin, flow, form, { ...CONTEXT, ip: ctx.ip }))) return confirm(401, true);

    const result = await actOnMySessions(mine, signedIn.account, signedIn.uid, action, ctx.ip);
    if (result.signedOutHere) {
      setFlowCookie(ctx, null);
      return ctx.render('self-service/signed-out.njk', { title: 'Signed out', everywhere: action.kind === 'end_all' });
    }
    ctx.status = 303;
    ctx.redirect(`${PATH}?done=${action.kind}`);
  });
}

function readAction(form: { action?: string; target?: string }): MySessionsAction {
  const target = form.target ?? '';
  switch (form.action) {
    case 'end_session':
      if (target) return { kind: 'end_session', uid: target };
      break;
    case 'revoke_application':
      if (target) return { kind: 'revoke_application', clientId: target };
      break;
    case 'end_others':
    case 'end_all':
      return { kind: form.action };
  }
  throw new DomainError('invalid_input', 'unknown action');
}

/** What the confirmation page names; not_found for a session or grant that is not the account's. */
function describeAction(action: MySessionsAction, sessions: Awaited<ReturnType<typeof viewMySessions>>['sessions'], applications: Awaited<ReturnType<typeof viewMySessions>>['applications']) {
  switch (action.kind) {
    case 'end_session': {
      const session = sessions.find((s) => s.uid === action.uid);
      if (!session) throw new DomainError('not_found', 'no such session of yours');
      const apps = session.applications.length ? ` (${session.applications.join(', ')})` : '';
      return { heading: 'Sign out this session', text: `The session signed in ${when(session.signedInAt)}${apps} will be signed out.${session.current ? ' It is this browser’s.' : ''}`, button: 'Sign out this session' };
    }
    case 'end_others':
      return { heading: 'Sign out everywhere else', text: 'Every other browser and device signed in to your account will be signed out. This browser stays signed in. Applications you allowed to stay signed in without you keep that access.', button: 'Sign out everywhere else' };
    case 'end_all':
      return { heading: 'Sign out everywhere', text: 'Every browser and device, this one included, will be signed out, and every application loses its access to your account, including those you allowed to stay signed in without you.', button: 'Sign out everywhere' };
    case 'revoke_application': {
      const application = applications.find((a) => a.clientId === action.clientId);
      if (!application) throw new DomainError('not_found', 'no such application access of yours');
      return { heading: `Revoke ${application.name}’s access`, text: `${application.name} loses the access you gave it, and every token it holds stops working; it must ask you again.`, button: 'Revoke access' };
    }
  }
}

/** How a session was signed in to, from its acr (the sign-in pathway) or else its amr. */
function describeAuthentication(acr: string | null, amr: readonly string[], names: SignInSettings): string {
  if (acr === names.acr) return 'PIN and authenticator code';
  if (acr === names.acrEmailCode) return 'PIN and emailed code';
  if (acr === names.acrTokencodeOnly) return 'tokencode only';
  return amr.filter((m) => m !== 'mfa').join(' and ') || 'unknown';
}
