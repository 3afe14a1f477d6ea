// The sign-in state machine: the only place that decides what comes after each step.
// Pure: (flow, event, now) -> (next flow, effects). See STATES.md beside this file.
import { DomainError } from '../errors.ts';
import type { SignInFlow } from './flow.ts';
import { isFlowExpired } from './flow.ts';
import type { SignInEvent } from './events.ts';
import type { SignInEffect } from './effects.ts';

export interface Transition {
  readonly flow: SignInFlow;
  readonly effects: readonly SignInEffect[];
}

const PIN_AND_TOKEN = ['pin', 'otp', 'mfa'] as const;

export function transition(flow: SignInFlow, event: SignInEvent, now: Date): Transition {
  if (isFlowExpired(flow, now)) throw new DomainError('flow_expired', 'the sign-in took too long; start again');
  if (flow.state === 'COMPLETED') throw new DomainError('flow_invalid', 'this sign-in is already complete');

  if (event.type === 'restart_requested') {
    return { flow: { ...flow, state: 'USERNAME_REQUIRED', username: null, accountId: null }, effects: [] };
  }

  switch (flow.state) {
    case 'USERNAME_REQUIRED':
      if (event.type !== 'username_submitted') break;
      if (event.username === '') {
        return { flow, effects: [{ type: 'show_error', messageId: 'signin.username_required' }] };
      }
      return {
        // An unknown or unusable account continues exactly like a usable one (no oracle).
        flow: { ...flow, state: 'PASSCODE_REQUIRED', username: event.username, accountId: usableAccountId(event) },
        effects: [],
      };

    case 'PASSCODE_REQUIRED':
      if (event.type !== 'passcode_checked') break;
      if (!event.valid || flow.accountId === null) {
        return {
          flow,
          effects: [
            { type: 'record_failure', accountId: flow.accountId, reason: event.reason ?? 'unknown_user' },
            { type: 'show_error', messageId: 'signin.failed' },
          ],
        };
      }
      return {
        flow: { ...flow, state: 'COMPLETED' },
        effects: [
          { type: 'record_success', accountId: flow.accountId },
          { type: 'complete_signin', accountId: flow.accountId, amr: PIN_AND_TOKEN },
        ],
      };
  }
  throw new DomainError('flow_invalid', `unexpected ${event.type} in state ${flow.state}`, {
    state: flow.state,
    event: event.type,
  });
}

function usableAccountId(event: Extract<SignInEvent, { type: 'username_submitted' }>): string | null {
  const account = event.account;
  if (!account || account.status !== 'ACTIVE' || account.tokenType !== 'totp' || account.pinState === 'NOT_SET') {
    return null;
  }
  return account.id;
}
