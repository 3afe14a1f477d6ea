// The interaction routes oidc-provider sends the browser to: render the page for the flow's
// state, post each step to the sign-in use case, and hand a finished sign-in back.
import Router, { type RouterContext } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { DomainError } from '../../domain/errors.ts';
import { openSignInFlow } from '../../usecases/signin/open-flow.ts';
import { submitSignInStep, type SignInForm } from '../../usecases/signin/submit-step.ts';
import type { SignInDependencies } from '../../usecases/signin/dependencies.ts';
import { securityHeaders } from '../security-headers.ts';
import { renderFlow, renderOutcome } from './render-step.ts';
import { consentRoutes } from './consent.ts';

export function createInteractionRouter(provider: Provider, signin: SignInDependencies, handleErrors: Middleware): Router {
  const router = new Router();
  router.use(handleErrors);
  router.use(securityHeaders());
  router.use(bodyParser({ enableTypes: ['form'], formLimit: '16kb' }));

  const details = async (ctx: RouterContext) => {
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    if (interaction.uid !== ctx.params.uid) throw new DomainError('flow_invalid', 'interaction mismatch');
    return interaction;
  };
  const clientName = async (clientId: unknown): Promise<string> => {
    const client = await provider.Client.find(String(clientId));
    return client?.clientName ?? String(clientId);
  };

  router.get('/interaction/:uid', async (ctx) => {
    const interaction = await details(ctx);
    if (interaction.prompt.name === 'consent') return consentRoutes.show(ctx, provider, interaction, signin);
    const flow = await openSignInFlow(signin, interaction.uid);
    if (flow.state === 'COMPLETED') throw new DomainError('flow_invalid', 'this sign-in is already complete');
    const loginHint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : null;
    const target = { clientName: await clientName(interaction.params.client_id), action: `/interaction/${interaction.uid}` };
    await renderFlow(ctx, signin, flow, target, loginHint);
  });

  router.post('/interaction/:uid', async (ctx) => {
    const interaction = await details(ctx);
    if (interaction.prompt.name !== 'login') throw new DomainError('flow_invalid', 'no sign-in is pending');
    const clientId = String(interaction.params.client_id);
    const name = await clientName(clientId);
    const outcome = await submitSignInStep(signin, interaction.uid, (ctx.request.body ?? {}) as SignInForm, { clientId, clientName: name, ip: ctx.ip });
    if (outcome.kind === 'completed') {
      const redirectTo = await provider.interactionResult(ctx.req, ctx.res, {
        login: { accountId: outcome.accountId, acr: outcome.acr, amr: [...outcome.amr], remember: true },
      }, { mergeWithLastSubmission: false });
      ctx.status = 303;
      return ctx.redirect(redirectTo);
    }
    await renderOutcome(ctx, signin, outcome, { clientName: name, action: `/interaction/${interaction.uid}` });
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
