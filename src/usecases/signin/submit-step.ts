// One submission of a sign-in page: load the flow, check CSRF, turn the form into an event
// (making whatever checks that needs), let the state machine decide, save, then act on effects.
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { AccountFacts, SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { transition } from '../../domain/signin/transition.ts';
import { normalizeUsername } from '../../domain/username.ts';
import { checkPasscode } from './check-passcode.ts';
import type { SignInDependencies } from './dependencies.ts';
import type { SignInMessageId, SignInOutcome } from './outcome.ts';

export type SignInForm = Readonly<Record<string, string | undefined>>;

export async function submitSignInStep(deps: SignInDependencies, flowId: string, form: SignInForm): Promise<SignInOutcome> {
  const flow = await deps.flows.find(flowId);
  if (!flow) throw new DomainError('flow_expired', 'this sign-in has expired; start again from the application');
  if (!sameToken(form.csrf ?? '', flow.csrfToken)) throw new DomainError('csrf_mismatch', 'the form was not sent by this sign-in page');

  const event = await eventFor(deps, flow, form);
  const { flow: next, effects } = transition(flow, event, deps.clock.now());

  if (next !== flow && !(await deps.flows.save(next))) {
    throw new DomainError('conflict', 'this step was already submitted');
  }
  const saved = next === flow ? flow : { ...next, version: next.version + 1 };

  let messageId: SignInMessageId | null = null;
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
        break;
      case 'complete_signin':
        return { kind: 'completed', flow: saved, accountId: effect.accountId, amr: effect.amr, acr: deps.settings.acr };
    }
  }
  return { kind: 'page', flow: saved, messageId };
}

async function eventFor(deps: SignInDependencies, flow: SignInFlow, form: SignInForm): Promise<SignInEvent> {
  if (form.action === 'restart') return { type: 'restart_requested' };
  switch (flow.state) {
    case 'USERNAME_REQUIRED': {
      const username = normalizeUsername(form.username ?? '');
      return { type: 'username_submitted', username, account: username ? await accountFacts(deps, username) : null };
    }
    case 'PASSCODE_REQUIRED':
      return checkPasscode(deps, flow, { pin: form.pin, tokencode: form.tokencode, passcode: form.passcode });
    case 'COMPLETED':
      throw new DomainError('flow_invalid', 'this sign-in is already complete');
  }
}

async function accountFacts(deps: SignInDependencies, username: string): Promise<AccountFacts | null> {
  const account = await deps.accounts.findByUsername(username);
  if (!account) return null;
  const token = await deps.tokens.findActiveForAccount(account.id);
  return { id: account.id, status: account.status, pinState: account.pinState, tokenType: token?.type ?? null };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
