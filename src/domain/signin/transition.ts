// The sign-in state machine: the only place that decides what comes after each step.
// Pure: (flow, event, now, limits) -> (next flow, effects). See STATES.md beside this file.
import { DomainError } from '../errors.ts';
import { amrFor, type AuthenticationFactor, type SignInEffect } from './effects.ts';
import type { AccountFacts, FailureReason, SignInEvent } from './events.ts';
import { isFlowExpired, restarted, type SignInFlow } from './flow.ts';

export interface Transition {
  readonly flow: SignInFlow;
  readonly effects: readonly SignInEffect[];
}

export interface SignInLimits {
  readonly newPinMaxAttempts: number;
}

export function transition(flow: SignInFlow, event: SignInEvent, now: Date, limits: SignInLimits): Transition {
  if (isFlowExpired(flow, now)) throw new DomainError('flow_expired', 'the sign-in took too long; start again');
  if (flow.state === 'COMPLETED') throw new DomainError('flow_invalid', 'this sign-in is already complete');
  if (event.type === 'restart_requested') return { flow: restarted(flow), effects: [] };

  switch (flow.state) {
    case 'USERNAME_REQUIRED':
      if (event.type === 'username_submitted') return identify(flow, event.username, event.account);
      break;
    case 'PASSCODE_REQUIRED':
      if (event.type === 'passcode_checked') return verified(flow, event.valid, event.reason, ['pin', 'otp']);
      break;
    case 'TOKENCODE_REQUIRED':
      if (event.type === 'tokencode_checked') return verified(flow, event.valid, event.reason, ['otp']);
      break;
    case 'NEW_PIN_REQUIRED':
      if (event.type === 'new_pin_submitted') return newPinSubmitted(flow, event.verdict, limits);
      break;
    case 'RANDOM_PIN_ISSUED':
      if (event.type === 'random_pin_acknowledged') return completed(flow);
      break;
  }
  throw new DomainError('flow_invalid', `unexpected ${event.type} in state ${flow.state}`, { state: flow.state, event: event.type });
}

function identify(flow: SignInFlow, username: string, account: AccountFacts | null): Transition {
  if (username === '') return { flow, effects: [{ type: 'show_error', messageId: 'signin.username_required' }] };
  const usable =
    account !== null && account.status === 'ACTIVE' && account.tokenType === 'totp' &&
    (account.pinDemand === 'none' || account.pinDemand === 'set' || account.pinDemand === 'change');
  if (!usable) {
    // An unknown or unusable account continues exactly like a usable one with a PIN (no oracle).
    return { flow: { ...flow, state: 'PASSCODE_REQUIRED', username, accountId: null }, effects: [] };
  }
  const pinDemand = account.pinDemand as 'none' | 'set' | 'change';
  return {
    flow: {
      ...flow,
      state: pinDemand === 'set' ? 'TOKENCODE_REQUIRED' : 'PASSCODE_REQUIRED',
      username,
      accountId: account.id,
      pinDemand,
      randomPins: account.randomPins,
      factors: [],
    },
    effects: [],
  };
}

function verified(flow: SignInFlow, valid: boolean, reason: FailureReason | null, factors: AuthenticationFactor[]): Transition {
  if (!valid || flow.accountId === null) {
    return {
      flow,
      effects: [
        { type: 'record_failure', accountId: flow.accountId, reason: reason ?? 'unknown_user' },
        { type: 'show_error', messageId: 'signin.failed' },
      ],
    };
  }
  const proven = { ...flow, factors };
  if (flow.pinDemand === 'none') return completed(proven);
  // New PIN mode: possession is proven, the PIN must now be set or changed.
  if (flow.randomPins) {
    return {
      flow: { ...proven, state: 'RANDOM_PIN_ISSUED' },
      effects: [{ type: 'issue_random_pin', accountId: flow.accountId }],
    };
  }
  return { flow: { ...proven, state: 'NEW_PIN_REQUIRED', newPinAttempts: 0 }, effects: [] };
}

function newPinSubmitted(flow: SignInFlow, verdict: Extract<SignInEvent, { type: 'new_pin_submitted' }>['verdict'], limits: SignInLimits): Transition {
  if (verdict.kind === 'ok') {
    const done = completed(flow);
    return { flow: done.flow, effects: [{ type: 'store_new_pin', accountId: flow.accountId! }, ...done.effects] };
  }
  const attempts = flow.newPinAttempts + 1;
  if (attempts >= limits.newPinMaxAttempts) {
    return { flow: restarted(flow), effects: [{ type: 'show_error', messageId: 'newpin.too_many_attempts' }] };
  }
  return {
    flow: { ...flow, newPinAttempts: attempts },
    effects: [
      verdict.kind === 'mismatch'
        ? { type: 'show_error', messageId: 'newpin.mismatch' }
        : { type: 'show_error', messageId: 'newpin.refused', violations: verdict.violations },
    ],
  };
}

function completed(flow: SignInFlow): Transition {
  const accountId = flow.accountId!;
  return {
    flow: { ...flow, state: 'COMPLETED' },
    effects: [
      { type: 'record_success', accountId },
      { type: 'complete_signin', accountId, amr: amrFor(flow.factors) },
    ],
  };
}
