// The consent page for clients that are not first-party: shows what the client asks for, the
// claims each scope releases, and how long the grant lasts, and records the user's grant.
// First-party clients never reach it (see oidc/first-party.ts).
import { timingSafeEqual } from 'node:crypto';
import type { RouterContext } from '@koa/router';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { DomainError } from '../../domain/errors.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { SignInDependencies } from '../../usecases/signin/dependencies.ts';
import { claimsByScope } from '../../oidc/claims.ts';

/** What the consent page says about lifetimes (oidc.ttl.grant, oidc.ttl.refreshToken). */
export interface ConsentLifetimes {
  readonly grantSeconds: number;
  readonly refreshTokenSeconds: number;
}

/** "14 days", "12 hours", "30 minutes": the largest whole unit, as a catalogue message. */
export function describeDuration(seconds: number): { id: string; values: { count: number } } {
  const units: ReadonlyArray<readonly [number, string]> = [[86_400, 'days'], [3_600, 'hours'], [60, 'minutes'], [1, 'seconds']];
  const [size, name] = units.find(([unit]) => seconds >= unit && seconds % unit === 0) ?? units.find(([unit]) => seconds >= unit) ?? [1, 'seconds'];
  return { id: `duration.${name}`, values: { count: Math.floor(seconds / size) } };
}

const KNOWN_SCOPES = new Set(['openid', 'profile', 'email', 'groups', 'offline_access']);

/** What a scope lets an application do, in the user's words (a catalogue id), or its name. */
export const describeScope = (scope: string): { id: string; known: boolean } =>
  KNOWN_SCOPES.has(scope) ? { id: `scope.${scope}`, known: true } : { id: scope, known: false };

async function checkCsrf(ctx: RouterContext, signin: SignInDependencies, uid: string): Promise<void> {
  const flow = await signin.flows.find(uid);
  const given = Buffer.from(String((ctx.request.body as Record<string, unknown> | undefined)?.csrf ?? ''));
  const expected = Buffer.from(flow?.csrfToken ?? '');
  if (!flow || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DomainError('csrf_mismatch', 'the form was not sent by this sign-in page');
  }
}

export const consentRoutes = {
  checkCsrf,

  /** The consent page of `interaction`; `flow` carries its CSRF token. */
  async show(ctx: RouterContext, provider: Provider, interaction: Interaction, flow: SignInFlow, lifetimes: ConsentLifetimes) {
    const client = await provider.Client.find(String(interaction.params.client_id));
    const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    const asked = details.missingOIDCScope ?? [];
    const scopes = asked.map((scope) => ({
      ...describeScope(scope),
      claims: [...((claimsByScope as Readonly<Record<string, readonly string[]>>)[scope] ?? [])],
    }));
    await ctx.render('consent.njk', {
      clientName: client?.clientName ?? String(interaction.params.client_id),
      scopes,
      // Claims asked for one by one (the claims parameter), beyond those of the scopes.
      extraClaims: details.missingOIDCClaims ?? [],
      grantLasts: describeDuration(lifetimes.grantSeconds),
      offline: asked.includes('offline_access') ? describeDuration(lifetimes.refreshTokenSeconds) : null,
      csrf: flow.csrfToken,
      action: `/interaction/${interaction.uid}/consent`,
      abort: `/interaction/${interaction.uid}/abort`,
    });
  },

  async confirm(ctx: RouterContext, provider: Provider, interaction: Interaction, signin: SignInDependencies) {
    if (interaction.prompt.name !== 'consent') throw new DomainError('flow_invalid', 'no consent is pending');
    await checkCsrf(ctx, signin, interaction.uid);
    const accountId = interaction.session?.accountId;
    if (!accountId) throw new DomainError('flow_invalid', 'no signed-in user');
    const details = interaction.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    const grant = interaction.grantId
      ? (await provider.Grant.find(interaction.grantId))!
      : new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    const redirectTo = await provider.interactionResult(ctx.req, ctx.res, {
      consent: interaction.grantId ? {} : { grantId },
    }, { mergeWithLastSubmission: true });
    ctx.status = 303;
    ctx.redirect(redirectTo);
  },
};
