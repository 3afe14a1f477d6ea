// What a sign-in page needs to know beyond the flow itself: the PIN policy text shown on the
// New PIN form before the user types, and the QR code of a token being enrolled.
import { describePinPolicy } from '../../domain/pin-policy/index.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { policyFor } from '../pin/policies.ts';
import type { SignInDependencies } from './dependencies.ts';
import { enrolmentPage, type EnrolmentPage } from './totp-enrolment.ts';

export interface PageFacts {
  readonly policySentence: string | null;
  readonly numericPin: boolean;
  readonly enrolment: EnrolmentPage | null;
}

const none: PageFacts = { policySentence: null, numericPin: false, enrolment: null };

export async function signInPageFacts(deps: SignInDependencies, flow: SignInFlow): Promise<PageFacts> {
  if (!flow.accountId) return none;
  if (flow.state === 'TOTP_ENROLMENT_REQUIRED') return { ...none, enrolment: await enrolmentPage(deps, flow.accountId, flow.username ?? '') };
  if (flow.state !== 'NEW_PIN_REQUIRED') return none;
  const account = await deps.accounts.findById(flow.accountId);
  const policy = policyFor(deps.policies, account?.groups ?? []);
  return { ...none, policySentence: describePinPolicy(policy), numericPin: policy.complexity === 'numeric' };
}
