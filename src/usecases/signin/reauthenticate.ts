// Re-authentication of a signed-in user before a sensitive action (ending sessions, revoking an
// application's access): the account's own credential checks, exactly as at a sign-in. The
// rate limits count the attempt, a failure counts toward the lock and is audited like a sign-in
// failure (a lock ends the sessions and tells the owner), a code is used once (replay guard),
// Next Tokencode mode applies, and a success clears the failure count, unless the account is
// locked. TOTP accounts give PIN + code; email-token accounts their PIN (one factor: no code is
// emailed for this).
import { DomainError } from '../../domain/errors.ts';
import type { FailureReason, SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { auditSubject } from '../audit-subject.ts';
import { checkNextTokencode, checkPasscode, checkPinOnly, type SignInInput } from './check-passcode.ts';
import type { SignInContext, SignInDependencies } from './dependencies.ts';
import { recordFailure } from './record-failure.ts';

/** What a re-authentication asks for: PIN + code, and the next code too in Next Tokencode mode
 * (after earlier failures), or the PIN alone (email token). */
export type ReauthenticationDemand = 'passcode' | 'passcode_and_next_tokencode' | 'pin';

export async function reauthenticationDemand(deps: SignInDependencies, flow: SignInFlow): Promise<ReauthenticationDemand> {
  // The token the account has now (not when the page opened: it may have been replaced since).
  const token = flow.accountId ? await deps.tokens.findActiveForAccount(flow.accountId) : null;
  if ((token?.type ?? flow.tokenType) === 'email') return 'pin';
  const account = flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  const { nextTokencodeAfter } = deps.limits;
  return nextTokencodeAfter > 0 && (account?.lockout.failures ?? 0) >= nextTokencodeAfter ? 'passcode_and_next_tokencode' : 'passcode';
}

type Checked = { readonly valid: boolean; readonly reason: FailureReason | null };
const outcomeOf = (event: SignInEvent): Checked => ('valid' in event ? { valid: event.valid, reason: event.reason } : { valid: false, reason: null });

/** Whether the form carries any credential: a form without one is not an attempt (the page asks). */
export const offersCredentials = (form: SignInInput): boolean => [form.pin, form.tokencode, form.passcode].some((v) => v !== undefined && v !== '');

/** Checks the credentials in `form` against the flow's account; true when they prove it. */
export async function reauthenticate(deps: SignInDependencies, flow: SignInFlow, form: SignInInput, context: SignInContext): Promise<boolean> {
  if (flow.accountId === null) throw new DomainError('flow_invalid', 'no signed-in account');
  if (!(await deps.rateLimiter.allow(context.ip, flow.usernameHash))) {
    deps.logger.warn({ event: 'signin.rate_limited', flow: flow.id, ip: context.ip }, 're-authentication rate limit reached');
    throw new DomainError('rate_limited', 'too many sign-in attempts; wait a minute');
  }
  const demand = await reauthenticationDemand(deps, flow);
  let checked: Checked;
  if (demand === 'pin') checked = outcomeOf(await checkPinOnly(deps, flow, form));
  else {
    checked = outcomeOf((await checkPasscode(deps, flow, form)).event);
    // Next Tokencode mode: someone who saw one passcode cannot know the code after it.
    if (checked.valid && demand === 'passcode_and_next_tokencode') checked = outcomeOf(await checkNextTokencode(deps, flow, { tokencode: form.nextTokencode }));
  }
  if (!checked.valid) {
    await recordFailure(deps, flow, flow.accountId, checked.reason ?? 'unknown_user', context);
    return false;
  }
  const account = await deps.accounts.findById(flow.accountId);
  const unlocked = await deps.accounts.clearFailures(flow.accountId, deps.lockout, deps.clock.now());
  await deps.audit.record({
    event: unlocked ? 'signin.success' : 'signin.failure',
    outcome: unlocked ? 'success' : 'failure',
    actor: { type: 'user', id: flow.accountId },
    account: account ? auditSubject(account) : null,
    ip: context.ip,
    clientId: context.clientId,
    ...(unlocked ? { details: { purpose: context.purpose ?? 'reauthenticate' } } : { reason: 'account_locked' }),
  });
  return unlocked;
}
