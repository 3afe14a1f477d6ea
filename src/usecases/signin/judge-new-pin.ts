// The New PIN form of a flow: judged against the account's effective policy and PIN history.
import { DomainError } from '../../domain/errors.ts';
import type { NewPinVerdict } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { judgeNewPin } from '../pin/new-pin.ts';
import { policyFor } from '../pin/policies.ts';
import type { SignInInput } from './check-passcode.ts';
import type { SignInDependencies } from './dependencies.ts';

export async function judgeFlowNewPin(deps: SignInDependencies, flow: SignInFlow, form: SignInInput): Promise<NewPinVerdict> {
  const account = flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  if (!account) throw new DomainError('flow_invalid', 'the account no longer exists');
  return judgeNewPin(deps.hasher, account, policyFor(deps.policies, account.groups), form.newPin ?? '', form.confirmPin ?? '', deps.clock.now());
}
