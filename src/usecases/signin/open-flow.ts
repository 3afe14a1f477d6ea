// Starts and finds sign-in flows. An OIDC sign-in's flow is created when oidc-provider starts
// the interaction, with the client and login_hint it carries, so the pages never need to read
// the interaction again; a login_hint pre-fills the username field only, it is never trusted.
import { randomBytes } from 'node:crypto';
import { newSignInFlow, type FlowOrigin, type SignInFlow } from '../../domain/signin/flow.ts';
import type { SignInDependencies } from './dependencies.ts';
import { hashTypedUsername } from './typed-username.ts';

const csrfToken = () => randomBytes(24).toString('base64url');

/** The flow of an interaction: the stored one, or a new one (e.g. after the first one expired). */
export async function openSignInFlow(deps: SignInDependencies, interactionUid: string, purpose: 'signin' | 'consent', origin: FlowOrigin): Promise<SignInFlow> {
  const existing = await deps.flows.find(interactionUid);
  return existing ?? createInteractionFlow(deps, interactionUid, purpose, origin);
}

/** Creates the flow of a new interaction; if another request created it first, that one. */
export async function createInteractionFlow(deps: SignInDependencies, interactionUid: string, purpose: 'signin' | 'consent', origin: FlowOrigin): Promise<SignInFlow> {
  const flow = newSignInFlow(interactionUid, csrfToken(), deps.clock.now(), deps.settings.flowTtlSeconds, purpose, origin);
  try {
    return await deps.flows.create(flow);
  } catch (error) {
    // Two tabs opened the same interaction at once: the other one created it.
    const raced = await deps.flows.find(interactionUid);
    if (raced) return raced;
    throw error;
  }
}

/** A self-service flow (change or forgotten PIN): not tied to an authorization request. */
export async function startSelfServiceFlow(deps: SignInDependencies, purpose: 'change_pin' | 'forgot_pin', locale: string | null = null): Promise<SignInFlow> {
  const flow = newSignInFlow(`ss_${randomBytes(18).toString('base64url')}`, csrfToken(), deps.clock.now(), deps.settings.flowTtlSeconds, purpose, { clientId: null, loginHint: null, uiLocales: locale });
  return deps.flows.create(flow);
}

/** The flow of the sessions page of a signed-in account: its CSRF token, and the account a
 * re-authentication on that page checks (reauthenticate.ts). */
export async function startSessionsPageFlow(deps: SignInDependencies, account: { readonly id: string; readonly username: string }): Promise<SignInFlow> {
  const token = await deps.tokens.findActiveForAccount(account.id);
  const flow = newSignInFlow(`sp_${randomBytes(18).toString('base64url')}`, csrfToken(), deps.clock.now(), deps.settings.flowTtlSeconds, 'sessions');
  return deps.flows.create({
    ...flow,
    accountId: account.id,
    username: account.username,
    usernameHash: hashTypedUsername(deps.codeKey, account.username),
    tokenType: token?.type ?? null,
  });
}
