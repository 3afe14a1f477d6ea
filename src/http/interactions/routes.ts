// The interaction routes oidc-provider sends the browser to: render the page for the flow's
// state, post each step to the sign-in use case, and hand a finished sign-in back. The flow was
// created with the interaction (oidc/provider.ts), holding the client and login_hint, so a page
// reads only the flow; the interaction itself is read when the sign-in is handed back (and for
// the consent page). The browser is bound to the interaction by oidc-provider's signed cookie.
import Router, { type RouterContext } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import Provider, { errors as oidcErrors } from 'oidc-provider';
import { DomainError } from '../../domain/errors.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { openSignInFlow } from '../../usecases/signin/open-flow.ts';
import { submitSignInStep, type SignInForm } from '../../usecases/signin/submit-step.ts';
import type { SignInDependencies } from '../../usecases/signin/dependencies.ts';
import { securityHeaders } from '../security-headers.ts';
import { plainFormFields } from '../form-fields.ts';
import { renderFlow, renderOutcome } from './render-step.ts';
import { consentRoutes, type ConsentLifetimes } from './consent.ts';
import { keepTypedUsername, typedUsername } from './typed-username.ts';
import type { I18n } from '../../i18n/index.ts';
import { translatorOf, useUiLocales } from '../page-language.ts';

export function createInteractionRouter(provider: Provider, signin: SignInDependencies, handleErrors: Middleware, lifetimes: ConsentLifetimes, i18n: I18n): Router {
  const router = new Router();
  router.use(handleErrors);
  router.use(securityHeaders());
  router.use(bodyParser({ enableTypes: ['form'], formLimit: '16kb' }));
  router.use(plainFormFields());

  const details = async (ctx: RouterContext) => {
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    if (interaction.uid !== ctx.params.uid) throw new DomainError('flow_invalid', 'interaction mismatch');
    return interaction;
  };
  /** The interaction's signed cookie names this uid: the browser that started it is asking. */
  const boundToBrowser = (ctx: RouterContext): string => {
    const uid = ctx.params.uid!;
    if (ctx.cookies.get(provider.cookieName('interaction'), { signed: true }) !== uid) {
      throw new oidcErrors.SessionNotFound('interaction session id cookie not found');
    }
    return uid;
  };
  /** The flow of this browser's interaction. A page whose flow expired (the interaction lives
   * longer) starts a new one from the interaction; a form posted to an expired flow is refused. */
  const flowOf = async (ctx: RouterContext, { startAgain }: { startAgain: boolean }): Promise<{ flow: SignInFlow; clientName: string }> => {
    const flow = await storedOrNewFlow(ctx, startAgain);
    // Pages (and errors from here on) in the flow's language, with a way back to its client.
    useUiLocales(ctx, i18n, flow.uiLocales);
    return { flow, clientName: await rememberWayBack(ctx, flow.clientId) };
  };
  const storedOrNewFlow = async (ctx: RouterContext, startAgain: boolean): Promise<SignInFlow> => {
    const uid = boundToBrowser(ctx);
    const stored = await signin.flows.find(uid);
    if (stored) return stored;
    const interaction = await details(ctx);
    if (!startAgain) {
      // The interaction outlives its flow: the error page can still offer the way back.
      await rememberWayBack(ctx, String(interaction.params.client_id));
      throw new DomainError('flow_expired', 'this sign-in has expired; start again from the application');
    }
    const { login_hint: loginHint, ui_locales: uiLocales } = interaction.params;
    return openSignInFlow(signin, uid, interaction.prompt.name === 'consent' ? 'consent' : 'signin', {
      clientId: String(interaction.params.client_id),
      loginHint: typeof loginHint === 'string' ? loginHint : null,
      uiLocales: typeof uiLocales === 'string' ? uiLocales.slice(0, 200) : null,
    });
  };
  /** The flow's client, read once per request: its name (returned) for the pages, and where an
   * error page sends the user back to it: its client_uri, else the origin of its first redirect
   * URI (the application's own site), http or https only. */
  const rememberWayBack = async (ctx: RouterContext, clientId: string | null): Promise<string> => {
    const client = clientId ? await provider.Client.find(clientId) : undefined;
    if (!client) return clientId ?? '';
    const home = [client.clientUri, client.redirectUris?.[0]].map((uri) => (typeof uri === 'string' ? URL.parse(uri) : null)).find((url) => url && /^https?:$/.test(url.protocol));
    if (home) ctx.state.backTo = { name: client.clientName ?? client.clientId, url: client.clientUri && home.href === URL.parse(client.clientUri)?.href ? home.href : `${home.origin}/` };
    return client.clientName ?? client.clientId;
  };
  const action = (flow: SignInFlow) => `/interaction/${flow.id}`;

  router.get('/interaction/:uid', async (ctx) => {
    const { flow, clientName } = await flowOf(ctx, { startAgain: true });
    if (flow.purpose === 'consent') return consentRoutes.show(ctx, provider, await details(ctx), flow, lifetimes);
    if (flow.state === 'COMPLETED') throw new DomainError('flow_invalid', 'this sign-in is already complete');
    await renderFlow(ctx, signin, flow, { clientName, action: action(flow), typedUsername: typedUsername(ctx) }, flow.loginHint);
  });

  router.post('/interaction/:uid', async (ctx) => {
    const { flow, clientName: name } = await flowOf(ctx, { startAgain: false });
    if (flow.purpose !== 'signin') throw new DomainError('flow_invalid', 'no sign-in is pending');
    const form = (ctx.request.body ?? {}) as SignInForm;
    const outcome = await submitSignInStep(signin, flow, form, { clientId: flow.clientId ?? '', clientName: name, ip: ctx.ip, locale: translatorOf(ctx).locale });
    const shown = keepTypedUsername(ctx, action(flow), flow, outcome.flow, form);
    if (outcome.kind === 'completed') {
      const redirectTo = await provider.interactionResult(ctx.req, ctx.res, {
        login: { accountId: outcome.accountId, acr: outcome.acr, amr: [...outcome.amr], remember: true },
      }, { mergeWithLastSubmission: false });
      ctx.status = 303;
      return ctx.redirect(redirectTo);
    }
    await renderOutcome(ctx, signin, outcome, { clientName: name, action: action(flow), typedUsername: shown });
  });

  router.post('/interaction/:uid/consent', async (ctx) => consentRoutes.confirm(ctx, provider, await details(ctx), signin));
  router.post('/interaction/:uid/abort', async (ctx) => {
    const interaction = await details(ctx);
    await consentRoutes.checkCsrf(ctx, signin, interaction.uid);
    const redirectTo = await provider.interactionResult(ctx.req, ctx.res, {
      error: 'access_denied', error_description: 'the user cancelled the sign-in',
    }, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(redirectTo);
  });
  return router;
}
