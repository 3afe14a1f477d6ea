// Finds the sign-in flow of an interaction, or starts one. A login_hint pre-fills the username
// field only; it is never trusted as an identity.
import { randomBytes } from 'node:crypto';
import { newSignInFlow, type FlowPurpose, type SignInFlow } from '../../domain/signin/flow.ts';
import type { SignInDependencies } from './dependencies.ts';

export async function openSignInFlow(deps: SignInDependencies, interactionUid: string): Promise<SignInFlow> {
  const existing = await deps.flows.find(interactionUid);
  if (existing) return existing;
  const flow = newSignInFlow(interactionUid, randomBytes(24).toString('base64url'), deps.clock.now(), deps.settings.flowTtlSeconds);
  try {
    await deps.flows.create(flow);
    return flow;
  } catch (error) {
    // Two tabs opened the same interaction at once: the other one created it.
    const raced = await deps.flows.find(interactionUid);
    if (raced) return raced;
    throw error;
  }
}

/** A self-service flow (change or forgotten PIN): not tied to an authorization request. */
export async function startSelfServiceFlow(deps: SignInDependencies, purpose: Exclude<FlowPurpose, 'signin'>): Promise<SignInFlow> {
  const flow = newSignInFlow(`ss_${randomBytes(18).toString('base64url')}`, randomBytes(24).toString('base64url'), deps.clock.now(), deps.settings.flowTtlSeconds, purpose);
  await deps.flows.create(flow);
  return flow;
}
