// Self-service pages: change your PIN (a fresh PIN + tokencode check, then the New PIN form) and
// forgotten PIN (an emailed code, plus the authenticator's code when there is one, then the New
// PIN form). Each runs the same sign-in state machine and use cases as an OIDC sign-in, in a flow
// bound to the browser by a signed cookie. When the browser is signed in: its account's sessions
// and applications (sessions.ts).
import Router, { type RouterContext } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { DomainError } from '../../domain/errors.ts';
import type { FlowPurpose } from '../../domain/signin/flow.ts';
import type { SignInDependencies } from '../../usecases/signin/dependencies.ts';
import { startSelfServiceFlow } from '../../usecases/signin/open-flow.ts';
import { submitSignInStep, type SignInForm } from '../../usecases/signin/submit-step.ts';
import { renderFlow, renderOutcome } from '../interactions/render-step.ts';
import { securityHeaders } from '../security-headers.ts';
import { plainFormFields } from '../form-fields.ts';
import { keepTypedUsername, typedUsername } from '../interactions/typed-username.ts';
import type { MySessionsDependencies } from '../../usecases/sessions/my-sessions.ts';
import { browserSession, mountSessionsPage } from './sessions.ts';
import { mountAccountConsole } from './account.ts';
import { mountAccountSignIn } from './account-sign-in.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { I18n } from '../../i18n/index.ts';
import { translatorOf, useUiLocales, type PageLocals } from '../page-language.ts';

const COOKIE = 'pingate_self_service';
/** Where "Back to sign-in" goes after a forgotten PIN was reset from a sign-in page: only the
 * path of an interaction of this provider is kept, so it cannot send anyone elsewhere. */
const RETURN_COOKIE = 'pingate_return_to';
const RETURN_TO = /^\/interaction\/[A-Za-z0-9_-]{1,64}$/;

export function createSelfServiceRouter(provider: Provider, signin: SignInDependencies, mine: MySessionsDependencies, handleErrors: Middleware, i18n: I18n, issuer: string): Router {
  const router = new Router({ prefix: '/self-service' });
  router.use(handleErrors);
  router.use(securityHeaders());
  router.use(bodyParser({ enableTypes: ['form'], formLimit: '16kb' }));
  router.use(plainFormFields());

  const action = (id: string) => `/self-service/flows/${id}`;
  /** The self-service pages name themselves where a sign-in page names the application. */
  const pageTarget = (ctx: RouterContext) => ({
    clientId: 'pingate-self-service',
    clientName: translatorOf(ctx).text('self_service.client_name', { product: (ctx.state as PageLocals).brand.name }),
  });
  /** The flow's language: the one its pages were first shown in (emails too). */
  const inFlowLanguage = (ctx: RouterContext, flow: SignInFlow) => useUiLocales(ctx, i18n, flow.uiLocales);

  /** The flow, if this browser started it (the URL alone is not enough). */
  const boundFlow = async (ctx: RouterContext) => {
    const id = ctx.params.id!;
    if (ctx.cookies.get(COOKIE, { signed: true }) !== id) throw new DomainError('flow_invalid', 'this page belongs to another browser');
    const flow = await signin.flows.find(id);
    if (!flow || (flow.purpose !== 'change_pin' && flow.purpose !== 'forgot_pin')) throw new DomainError('flow_expired', 'this page has expired; start again');
    return flow;
  };

  /** The username of the browser's signed-in session (one its account still stands behind), to
   * pre-fill the form. */
  const signedInUsername = async (ctx: RouterContext): Promise<string | null> => (await browserSession(ctx, provider, mine))?.account.username ?? null;

  mountAccountConsole(router, provider, signin, mine);
  mountAccountSignIn(router, provider, issuer);

  const start = (purpose: 'change_pin' | 'forgot_pin') => async (ctx: RouterContext) => {
    const flow = await startSelfServiceFlow(signin, purpose, translatorOf(ctx).locale);
    ctx.cookies.set(COOKIE, flow.id, { signed: true, httpOnly: true, sameSite: 'lax', path: '/self-service' });
    const returnTo = typeof ctx.query.return_to === 'string' && RETURN_TO.test(ctx.query.return_to) ? ctx.query.return_to : null;
    ctx.cookies.set(RETURN_COOKIE, returnTo, { signed: true, httpOnly: true, sameSite: 'lax', path: '/self-service' });
    ctx.status = 303;
    ctx.redirect(action(flow.id));
  };
  router.get('/change-pin', start('change_pin'));
  router.get('/forgot-pin', start('forgot_pin'));
  mountSessionsPage(router, provider, signin, mine);

  router.get('/flows/:id', async (ctx) => {
    const flow = await boundFlow(ctx);
    inFlowLanguage(ctx, flow);
    if (flow.state === 'COMPLETED') return done(ctx, flow.purpose);
    await renderFlow(ctx, signin, flow, { ...pageTarget(ctx), action: action(flow.id), typedUsername: typedUsername(ctx) }, flow.purpose === 'change_pin' ? await signedInUsername(ctx) : null);
  });

  router.post('/flows/:id', async (ctx) => {
    const flow = await boundFlow(ctx);
    inFlowLanguage(ctx, flow);
    const form = (ctx.request.body ?? {}) as SignInForm;
    const target = pageTarget(ctx);
    const outcome = await submitSignInStep(signin, flow, form, { ...target, ip: ctx.ip, purpose: flow.purpose, locale: translatorOf(ctx).locale });
    const shown = keepTypedUsername(ctx, action(flow.id), flow, outcome.flow, form);
    if (outcome.kind === 'completed') return done(ctx, flow.purpose);
    await renderOutcome(ctx, signin, outcome, { ...target, action: action(flow.id), typedUsername: shown });
  });

  async function done(ctx: RouterContext, purpose: FlowPurpose): Promise<void> {
    ctx.cookies.set(COOKIE, null, { path: '/self-service' });
    const returnTo = ctx.cookies.get(RETURN_COOKIE, { signed: true });
    ctx.cookies.set(RETURN_COOKIE, null, { path: '/self-service' });
    await ctx.render('self-service/done.njk', { purpose, returnTo: returnTo && RETURN_TO.test(returnTo) ? returnTo : null });
  }
  return router;
}
