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
import { sameToken, type SignInForm } from '../../usecases/signin/submit-step.ts';
import { actOnMySessions, signedInAccount, viewMySessions, type MySessionsAction, type MySessionsDependencies } from '../../usecases/sessions/my-sessions.ts';
import type { Account } from '../../usecases/ports.ts';
import type { Translator } from '../../i18n/index.ts';
import { translatorOf } from '../page-language.ts';
import { confirmedByReauthentication } from './reauthentication-page.ts';
import { ACCOUNT_CLIENT_ID, ADMIN_CONSOLE_CLIENT_ID } from '../../oidc/account-console-client.ts';

const PATH = '/self-service/sessions';
const FLOW_COOKIE = 'pingate_sessions';

/** What a finished action says on the page it returns to (fixed texts: nothing is reflected). */
const DONE: ReadonlySet<string> = new Set(['end_session', 'end_others', 'revoke_application', 'expired']);

/** The session of this browser (oidc-provider's cookie), and its account if it still stands. */
export async function browserSession(ctx: RouterContext, provider: Provider, deps: MySessionsDependencies): Promise<{ account: Account; uid: string } | null> {
  const sessionId = ctx.cookies.get(provider.cookieName('session'), { signed: true });
  const session = sessionId ? await provider.Session.find(sessionId) : undefined;
  if (!session?.accountId) return null;
  const account = await signedInAccount(deps, session.accountId, session.loginTs);
  return account ? { account, uid: session.uid } : null;
}

const when = (translator: Translator, date: Date | null): string | null => (date ? translator.dateTime(date) : null);

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
    if (!signedIn) return ctx.render('self-service/signed-out.njk', { titleKey: 'sessions.title' });
    const translator = translatorOf(ctx);
    // The account console's own client is built in (not in the client store): named as such.
    const consoleName = translator.text('account.console_name');
    const helpdeskConsoleName = translator.text('console.title');
    const named = (name: string) => (name === ACCOUNT_CLIENT_ID ? consoleName : name === ADMIN_CONSOLE_CLIENT_ID ? helpdeskConsoleName : name);
    const flow = await pageFlow(ctx, signedIn.account);
    const { sessions, applications } = await viewMySessions(mine, signedIn.account.id, signedIn.uid);
    const done = typeof ctx.query.done === 'string' && DONE.has(ctx.query.done) ? `sessions.done.${ctx.query.done}` : null;
    await ctx.render('self-service/sessions.njk', {
      titleKey: 'sessions.title',
      username: signedIn.account.username,
      csrf: flow.csrfToken,
      action: PATH,
      notice: done,
      sessions: sessions.map((s) => ({
        ...s,
        applications: s.applications.map(named),
        signedInAt: when(translator, s.signedInAt),
        expiresAt: when(translator, s.expiresAt),
        authentication: describeAuthentication(s.acr, signin.settings),
      })),
      others: sessions.filter((s) => !s.current).length,
      applications: applications.map((a) => ({
        ...a,
        ...(a.clientId === ACCOUNT_CLIENT_ID ? { name: consoleName, firstParty: true } : a.clientId === ADMIN_CONSOLE_CLIENT_ID ? { name: helpdeskConsoleName, firstParty: true } : {}),
        grantedAt: when(translator, a.grantedAt),
        expiresAt: when(translator, a.expiresAt),
        scopes: a.scopes.map(describeScope),
      })),
    });
  });

  router.post('/sessions', async (ctx) => {
    const signedIn = await browserSession(ctx, provider, mine);
    if (!signedIn) throw new DomainError('forbidden', 'This browser is no longer signed in. Sign in again to manage your sessions.', { messageId: 'sessions.not_signed_in' });
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
    const subject = describeAction(translatorOf(ctx), action, sessions, applications);

    const target = 'uid' in action ? action.uid : 'clientId' in action ? action.clientId : '';
    if (!(await confirmedByReauthentication(ctx, signin, flow, signedIn.account, form, { subject, action: PATH, form: { action: action.kind, target }, cancelUrl: PATH }))) return;

    const result = await actOnMySessions(mine, signedIn.account, signedIn.uid, action, ctx.ip);
    if (result.signedOutHere) {
      setFlowCookie(ctx, null);
      return ctx.render('self-service/signed-out.njk', { titleKey: 'sessions.signed_out_title', everywhere: action.kind === 'end_all' });
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
function describeAction(translator: Translator, action: MySessionsAction, sessions: Awaited<ReturnType<typeof viewMySessions>>['sessions'], applications: Awaited<ReturnType<typeof viewMySessions>>['applications']) {
  const { t } = translator;
  switch (action.kind) {
    case 'end_session': {
      const session = sessions.find((s) => s.uid === action.uid);
      if (!session) throw new DomainError('not_found', 'no such session of yours');
      const time = when(translator, session.signedInAt);
      const text = session.applications.length ? t('sessions.subject.end_session_apps', { time, apps: session.applications.join(', ') }) : t('sessions.subject.end_session', { time });
      return { heading: t('sessions.end_one'), text: session.current ? `${text} ${t('sessions.subject.this_browser')}` : text, button: t('sessions.end_one') };
    }
    case 'end_others':
      return { heading: t('sessions.end_others'), text: t('sessions.subject.end_others'), button: t('sessions.end_others') };
    case 'end_all':
      return { heading: t('sessions.end_all'), text: t('sessions.subject.end_all'), button: t('sessions.end_all') };
    case 'revoke_application': {
      const application = applications.find((a) => a.clientId === action.clientId);
      if (!application) throw new DomainError('not_found', 'no such application access of yours');
      return { heading: t('sessions.subject.revoke_heading', { client: application.name }), text: t('sessions.subject.revoke', { client: application.name }), button: t('sessions.revoke') };
    }
  }
}

/** How a session was signed in to, from its acr (the sign-in pathway), as a catalogue id. */
function describeAuthentication(acr: string | null, names: SignInSettings): string {
  if (acr === names.acr) return 'sessions.method.pin_otp';
  if (acr === names.acrEmailCode) return 'sessions.method.pin_email';
  if (acr === names.acrTokencodeOnly) return 'sessions.method.otp';
  return 'sessions.method.unknown';
}
