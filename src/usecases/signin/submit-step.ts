// One submission of a sign-in page: load the flow, check CSRF, turn the form into an event
// (making whatever checks that needs), let the state machine decide, then: commit effects
// (PIN changes) -> save the flow -> the other effects. The flow never gets ahead of the account.
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { SignInEffect, SignInMessageId } from '../../domain/signin/effects.ts';
import { isCommitEffect } from '../../domain/signin/effects.ts';
import type { SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { transition } from '../../domain/signin/transition.ts';
import { normalizeUsername } from '../../domain/username.ts';
import type { PinViolation } from '../../domain/pin-policy/index.ts';
import { generatePinFor, judgeNewPin, storePin } from '../pin/new-pin.ts';
import { policyFor } from '../pin/policies.ts';
import { accountFacts } from './account-facts.ts';
import { checkPasscode, checkTokencodeOnly } from './check-passcode.ts';
import type { SignInDependencies } from './dependencies.ts';
import type { SignInOutcome } from './outcome.ts';

export type SignInForm = Readonly<Record<string, string | undefined>>;

export async function submitSignInStep(deps: SignInDependencies, flowId: string, form: SignInForm): Promise<SignInOutcome> {
  const flow = await deps.flows.find(flowId);
  if (!flow) throw new DomainError('flow_expired', 'this sign-in has expired; start again from the application');
  if (!sameToken(form.csrf ?? '', flow.csrfToken)) throw new DomainError('csrf_mismatch', 'the form was not sent by this sign-in page');

  const event = await eventFor(deps, flow, form);
  const { flow: next, effects } = transition(flow, event, deps.clock.now(), deps.settings);

  let oneTimePin: string | null = null;
  for (const effect of effects.filter(isCommitEffect)) oneTimePin = (await commit(deps, effect, form)) ?? oneTimePin;

  if (next !== flow && !(await deps.flows.save(next))) throw new DomainError('conflict', 'this step was already submitted');
  const saved = next === flow ? flow : { ...next, version: next.version + 1 };

  let messageId: SignInMessageId | null = null;
  let violations: readonly PinViolation[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'record_failure':
        deps.logger.info({ event: 'signin.failure', flow: flow.id, accountId: effect.accountId, reason: effect.reason }, 'sign-in step failed');
        break;
      case 'record_success':
        deps.logger.info({ event: 'signin.success', flow: flow.id, accountId: effect.accountId }, 'sign-in succeeded');
        break;
      case 'show_error':
        messageId = effect.messageId;
        violations = effect.violations ?? [];
        break;
      case 'complete_signin':
        return {
          kind: 'completed',
          flow: saved,
          accountId: effect.accountId,
          amr: effect.amr,
          acr: effect.amr.includes('mfa') ? deps.settings.acr : deps.settings.acrTokencodeOnly,
        };
    }
  }
  return { kind: 'page', flow: saved, messageId, violations, oneTimePin };
}

async function eventFor(deps: SignInDependencies, flow: SignInFlow, form: SignInForm): Promise<SignInEvent> {
  if (form.action === 'restart') return { type: 'restart_requested' };
  switch (flow.state) {
    case 'USERNAME_REQUIRED': {
      const username = normalizeUsername(form.username ?? '');
      return { type: 'username_submitted', username, account: username ? await accountFacts(deps, username) : null };
    }
    case 'PASSCODE_REQUIRED':
      return checkPasscode(deps, flow, form);
    case 'TOKENCODE_REQUIRED':
      return checkTokencodeOnly(deps, flow, form);
    case 'NEW_PIN_REQUIRED': {
      const account = await deps.accounts.findById(flow.accountId!);
      if (!account) throw new DomainError('flow_invalid', 'the account no longer exists');
      const policy = policyFor(deps.policies, account.groups);
      return { type: 'new_pin_submitted', verdict: await judgeNewPin(deps.hasher, account, policy, form.newPin ?? '', form.confirmPin ?? '', deps.clock.now()) };
    }
    case 'RANDOM_PIN_ISSUED':
      return { type: 'random_pin_acknowledged' };
    case 'COMPLETED':
      throw new DomainError('flow_invalid', 'this sign-in is already complete');
  }
}

/** Runs a commit effect; returns the generated PIN for issue_random_pin. */
async function commit(deps: SignInDependencies, effect: SignInEffect, form: SignInForm): Promise<string | null> {
  if (effect.type !== 'store_new_pin' && effect.type !== 'issue_random_pin') return null;
  const account = await deps.accounts.findById(effect.accountId);
  if (!account) throw new DomainError('flow_invalid', 'the account no longer exists');
  const policy = policyFor(deps.policies, account.groups);
  const now = deps.clock.now();
  const pin = effect.type === 'store_new_pin' ? form.newPin ?? '' : await generatePinFor(deps.hasher, account, policy);
  await storePin(deps.accounts, deps.hasher, account, pin, policy, 'SET', now);
  deps.logger.info({ event: effect.type === 'store_new_pin' ? 'pin.changed' : 'pin.random_issued', accountId: account.id }, 'PIN stored');
  return effect.type === 'issue_random_pin' ? pin : null;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
