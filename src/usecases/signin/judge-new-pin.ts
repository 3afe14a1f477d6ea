// The New PIN step of a flow, judged against the account's effective policy and PIN history:
// the pages send the new PIN and its confirmation together (newPin, confirmPin); the validate
// API sends them in two answers (newPinOnce, then newPinAgain), the first kept as a keyed hash.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { NewPinVerdict, SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { judgeNewPin } from '../pin/new-pin.ts';
import { policyFor } from '../pin/policies.ts';
import type { SignInInput } from './check-passcode.ts';
import type { SignInDependencies } from './dependencies.ts';

export async function newPinEvent(deps: SignInDependencies, flow: SignInFlow, form: SignInInput): Promise<SignInEvent> {
  if (!twoAnswers(flow, form)) return { type: 'new_pin_submitted', verdict: await judge(deps, flow, form.newPin ?? '', form.confirmPin ?? '') };
  if (form.newPinOnce !== undefined) {
    const pin = form.newPinOnce;
    return { type: 'new_pin_entered_once', verdict: await judge(deps, flow, pin, pin), hash: pendingPinHash(deps.codeKey, flow.id, pin) };
  }
  const pin = form.newPinAgain ?? '';
  const repeated = flow.pendingNewPinHash ? sameHash(pendingPinHash(deps.codeKey, flow.id, pin), flow.pendingNewPinHash) : false;
  return { type: 'new_pin_submitted', verdict: repeated ? await judge(deps, flow, pin, pin) : { kind: 'mismatch' } };
}

/** The validate API's two answers (newPinOnce, then newPinAgain), and nothing else of the form:
 * only in its flows; a page's form always sends newPin and confirmPin, whatever else it carries. */
const twoAnswers = (flow: SignInFlow, form: SignInInput): boolean =>
  flow.purpose === 'validate' && (form.newPinOnce !== undefined || form.newPinAgain !== undefined);

/** The PIN a New PIN step stores: the one that was judged (the same choice as newPinEvent). */
export const chosenPin = (flow: SignInFlow, form: SignInInput): string => (twoAnswers(flow, form) ? form.newPinAgain ?? '' : form.newPin ?? '');

async function judge(deps: SignInDependencies, flow: SignInFlow, newPin: string, confirmPin: string): Promise<NewPinVerdict> {
  const account = flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  if (!account) throw new DomainError('flow_invalid', 'the account no longer exists');
  return judgeNewPin(deps.hasher, account, policyFor(deps.policies, account.groups), newPin, confirmPin, deps.clock.now());
}

const pendingPinHash = (key: Buffer, flowId: string, pin: string): string =>
  createHmac('sha256', key).update(`pending-pin:${flowId}:${pin}`).digest('base64url');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
