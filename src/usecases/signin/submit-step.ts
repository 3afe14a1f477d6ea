// One submission of a sign-in page: rate limit, load the flow, check CSRF, turn the form into an
// event (making whatever checks that needs), let the state machine decide (feeding back the
// outcome of an email send), then: commit effects (success against the lock, PIN changes) ->
// save the flow -> the other effects. The flow never gets ahead of the account.
import { acrEarned, acrNames } from '../../domain/assurance.ts';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { SignInEffect, SignInMessageId, SignInNoticeId } from '../../domain/signin/effects.ts';
import { isCommitEffect } from '../../domain/signin/effects.ts';
import type { SignInEvent } from '../../domain/signin/events.ts';
import { CLAIM_SECONDS, isClaimed, type SignInFlow } from '../../domain/signin/flow.ts';
import { transition, type Transition } from '../../domain/signin/transition.ts';
import { normalizeUsername } from '../../domain/username.ts';
import type { PinViolation } from '../../domain/pin-policy/index.ts';
import { accountFacts } from './account-facts.ts';
import { checkEmailCode, checkNextTokencode, checkPasscode, checkPinOnly, checkTokencodeOnly, type CheckedPasscode, type SignInInput } from './check-passcode.ts';
import { commitEffect } from './commit.ts';
import { newPinEvent } from './judge-new-pin.ts';
import { checkEnrolmentCode, checkRecovery, checkTotpEnrolment } from './check-self-service.ts';
import type { SignInContext, SignInDependencies } from './dependencies.ts';
import { sendEmailCode } from './email-code.ts';
import { recordFailure } from './record-failure.ts';
import { warnIfPinExpiring } from '../pin/warn-expiring.ts';
import type { SignInOutcome } from './outcome.ts';
import { readOncePerStep } from './step-reads.ts';
import { hashTypedUsername, usernameHashOf } from './typed-username.ts';

export type SignInForm = SignInInput;

/** Submits one step of `flow`, as the route read it (the flow is read once per request). */
export async function submitSignInStep(shared: SignInDependencies, flow: SignInFlow, form: SignInForm, context: SignInContext): Promise<SignInOutcome> {
  const deps: SignInDependencies = { ...shared, accounts: readOncePerStep(shared.accounts) };
  if (flow.purpose === 'consent' || flow.purpose === 'sessions') throw new DomainError('flow_invalid', 'no sign-in is pending');
  if (!sameToken(form.csrf ?? '', flow.csrfToken)) throw new DomainError('csrf_mismatch', 'the form was not sent by this sign-in page');
  if (isClaimed(flow, deps.clock.now())) throw new DomainError('conflict', 'this step was already submitted');
  // Counted per username by its hash, typed at this step or kept by the flow.
  const typed = flow.state === 'USERNAME_REQUIRED' ? normalizeUsername(form.username ?? '') : '';
  const usernameHash = typed ? hashTypedUsername(deps.codeKey, typed) : usernameHashOf(deps.codeKey, flow);
  if (!(await deps.rateLimiter.allow(context.ip, usernameHash))) {
    deps.logger.warn({ event: 'signin.rate_limited', flow: flow.id, ip: context.ip }, 'sign-in rate limit reached');
    throw new DomainError('rate_limited', 'too many sign-in attempts; wait a minute');
  }

  const { event, offeredNewPin } = await eventFor(deps, flow, form);
  const { flow: next, effects } = await decide(deps, flow, event, context);

  let oneTimePin: string | null = null;
  let current = flow;
  const commits = effects.filter(isCommitEffect);
  const proven = provenBy(effects, next, deps.settings);
  if (commits.length > 0) {
    // Claim the step before changing the account: of two submissions of the same page (a
    // double click), only one gets past here, and a submission that reads the flow while it is
    // claimed is refused too, so a PIN is never stored twice.
    const claim = { ...flow, claimedUntil: new Date(deps.clock.now().getTime() + CLAIM_SECONDS * 1000) };
    if (!(await deps.flows.save(claim))) throw new DomainError('conflict', 'this step was already submitted');
    current = { ...claim, version: claim.version + 1 };
  }
  /** Saves `target` as the flow's next version, releasing any claim; the saved flow, or null when another request saved first. */
  const saveAs = async (target: SignInFlow): Promise<SignInFlow | null> => {
    const toSave = { ...target, claimedUntil: null, version: current.version };
    return (await deps.flows.save(toSave)) ? { ...toSave, version: toSave.version + 1 } : null;
  };
  let saved: SignInFlow;
  try {
    for (const effect of commits) {
      const result = await commitEffect(deps, flow, effect, form, context, proven);
      if (result.kind === 'refused') {
        // The account was locked while this request checked a right passcode: it fails like any
        // other attempt and the flow stays where it was.
        return { kind: 'page', flow: (await saveAs(flow)) ?? current, messageId: 'signin.failed', noticeId: null, violations: [], oneTimePin: null };
      }
      if (result.kind === 'pin') oneTimePin = result.pin;
    }
    if (next === flow && current === flow) saved = flow;
    else {
      const stored = await saveAs(next);
      if (!stored) throw new DomainError('conflict', 'this step was already submitted');
      saved = stored;
    }
  } catch (error) {
    // Release the claim at once if the database lets us (it lapses by itself otherwise).
    if (current !== flow) await saveAs(flow).catch(() => null);
    throw error;
  }

  let messageId: SignInMessageId | null = null;
  let noticeId: SignInNoticeId | null = null;
  let violations: readonly PinViolation[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'record_failure':
        await recordFailure(deps, flow, effect.accountId, effect.reason, context);
        break;
      case 'record_email_sent':
        await recordFailure(deps, flow, effect.accountId, 'email_code_sent', context);
        break;
      case 'show_error':
        messageId = effect.messageId;
        violations = effect.violations ?? [];
        break;
      case 'show_notice':
        noticeId = effect.noticeId;
        break;
      case 'complete_signin': {
        const account = await deps.accounts.findById(effect.accountId);
        if (account) await warnIfPinExpiring(deps, account);
        return {
          kind: 'completed',
          flow: saved,
          accountId: effect.accountId,
          amr: effect.amr,
          acr: acrOf(effect.amr, saved, deps.settings),
        };
      }
    }
  }
  // A one-field passcode that carried a new PIN twice (…new_pinnew_pin) and proved possession:
  // the New PIN step follows at once with that PIN, as if typed on the New PIN page.
  // It is part of this submission, counted once above: the rate limit does not count it again.
  if (offeredNewPin !== null && saved.state === 'NEW_PIN_REQUIRED' && messageId === null) {
    const counted: SignInDependencies = { ...shared, rateLimiter: { ...shared.rateLimiter, allow: async () => true } };
    return submitSignInStep(counted, saved, { csrf: saved.csrfToken, newPin: offeredNewPin, confirmPin: offeredNewPin }, context);
  }
  return { kind: 'page', flow: saved, messageId, noticeId, violations, oneTimePin };
}

/** transition(), plus the email send it may ask for, whose outcome is fed back as an event. */
async function decide(deps: SignInDependencies, flow: SignInFlow, event: SignInEvent, context: SignInContext): Promise<Transition> {
  const first = transition(flow, event, deps.clock.now(), deps.limits);
  const send = first.effects.find((e): e is Extract<SignInEffect, { type: 'send_email_code' }> => e.type === 'send_email_code');
  if (!send) return first;
  const outcome = await sendEmailCode(deps, first.flow, send.accountId, context);
  const second = transition(first.flow, outcome, deps.clock.now(), deps.limits);
  return { flow: second.flow, effects: [...first.effects.filter((e) => e !== send), ...second.effects] };
}

async function eventFor(deps: SignInDependencies, flow: SignInFlow, form: SignInForm): Promise<CheckedPasscode> {
  // The two checks a one-field passcode can carry a new PIN in.
  if (form.action !== 'restart' && flow.state === 'PASSCODE_REQUIRED') return checkPasscode(deps, flow, form);
  if (form.action !== 'restart' && flow.state === 'TOKENCODE_REQUIRED') return checkTokencodeOnly(deps, flow, form);
  return { event: await otherEvent(deps, flow, form), offeredNewPin: null };
}

async function otherEvent(deps: SignInDependencies, flow: SignInFlow, form: SignInForm): Promise<SignInEvent> {
  if (form.action === 'restart') return { type: 'restart_requested' };
  switch (flow.state) {
    case 'USERNAME_REQUIRED': {
      const username = normalizeUsername(form.username ?? '');
      return { type: 'username_submitted', username, usernameHash: hashTypedUsername(deps.codeKey, username), account: username ? await accountFacts(deps, username) : null };
    }
    case 'PASSCODE_REQUIRED':
    case 'TOKENCODE_REQUIRED':
      throw new DomainError('flow_invalid', 'a passcode step is checked by eventFor');
    case 'NEXT_TOKENCODE_REQUIRED':
      return checkNextTokencode(deps, flow, form);
    case 'PIN_REQUIRED':
      return checkPinOnly(deps, flow, form);
    case 'EMAIL_CODE_REQUIRED':
      return form.action === 'resend' ? { type: 'resend_requested' } : checkEmailCode(deps, flow, form);
    case 'RECOVERY_CODE_REQUIRED':
      return form.action === 'resend' ? { type: 'resend_requested' } : checkRecovery(deps, flow, form);
    case 'ENROLMENT_CODE_REQUIRED':
      return checkEnrolmentCode(deps, flow, form);
    case 'TOTP_ENROLMENT_REQUIRED':
      return checkTotpEnrolment(deps, flow, form);
    case 'NEW_PIN_REQUIRED':
      return newPinEvent(deps, flow, form);
    case 'RANDOM_PIN_ISSUED':
      return { type: 'random_pin_acknowledged' };
    case 'COMPLETED':
      throw new DomainError('flow_invalid', 'this sign-in is already complete');
  }
}

/** A CSRF token compared in constant time. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The acr a sign-in earns with `amr` (an emailed code ranks below an authenticator app's). */
function acrOf(amr: readonly string[], flow: SignInFlow, settings: SignInDependencies['settings']): string {
  return acrEarned({ pin: amr.includes('pin'), emailedCode: flow.tokenType === 'email' }, acrNames(settings));
}

/** What a completing sign-in proved, for its audit record: the amr and acr its tokens get. */
function provenBy(effects: readonly SignInEffect[], reached: SignInFlow, settings: SignInDependencies['settings']): { amr: readonly string[]; acr: string } | null {
  const completion = effects.find((effect) => effect.type === 'complete_signin');
  return completion?.type === 'complete_signin' ? { amr: completion.amr, acr: acrOf(completion.amr, reached, settings) } : null;
}
