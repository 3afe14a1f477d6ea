// What a sign-in page needs to know beyond the flow itself: the PIN policy shown on the New PIN
// form before the user types, whether PINs are digits (a numeric keypad), where an emailed code
// went, and the QR code of a token being enrolled.
import type { PinPolicy } from '../../domain/pin-policy/index.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { everyPolicyIsNumeric, policyFor } from '../pin/policies.ts';
import type { SignInDependencies } from './dependencies.ts';
import { enrolmentPage, type EnrolmentPage } from './totp-enrolment.ts';

export interface PageFacts {
  /** The account's policy, on the New PIN form only (possession is proven by then). */
  readonly policy: PinPolicy | null;
  /** The account had a PIN before (the history rule is worth mentioning). */
  readonly hadPin: boolean;
  /** PINs are digits: the PIN fields ask for a numeric keypad. Before possession is proven this
   * holds only when every policy (global and each group's) is numeric: the same for every
   * username, so it tells nothing about an account, and never a keypad without letters for a
   * PIN that may have them. */
  readonly numericPin: boolean;
  /** The address an emailed code went to, masked (j•••@example.com), on the emailed-code page. */
  readonly maskedEmail: string | null;
  /** Seconds until "Send a new code" is allowed again. */
  readonly resendInSeconds: number;
  /** How long an emailed code is valid, in whole minutes, and how many digits it has. */
  readonly emailCodeMinutes: number;
  readonly emailCodeLength: number;
  readonly enrolment: EnrolmentPage | null;
  /** A forgotten PIN can be reset by email at all (SMTP is configured): "Forgot your PIN?" is
   * offered. The same for every username. */
  readonly pinRecovery: boolean;
}

/** "jane.doe@example.com" -> "ja•••@example.com": enough to recognise the mailbox, not to learn it. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '•••';
  const local = address.slice(0, at);
  return `${local.slice(0, local.length > 4 ? 2 : 1)}•••${address.slice(at)}`;
}

export async function signInPageFacts(deps: SignInDependencies, flow: SignInFlow): Promise<PageFacts> {
  const none: PageFacts = { policy: null, hadPin: false, numericPin: everyPolicyIsNumeric(deps.policies), maskedEmail: null, resendInSeconds: 0,
    emailCodeMinutes: Math.max(1, Math.round(deps.limits.emailCode.ttlSeconds / 60)), emailCodeLength: deps.emailCodeLength, enrolment: null, pinRecovery: deps.notifier.enabled };
  if (!flow.accountId) return none;
  switch (flow.state) {
    case 'TOTP_ENROLMENT_REQUIRED':
      return { ...none, enrolment: await enrolmentPage(deps, flow.accountId, flow.username ?? '') };
    case 'EMAIL_CODE_REQUIRED': {
      const account = await deps.accounts.findById(flow.accountId);
      const since = flow.lastEmailSentAt ? (deps.clock.now().getTime() - flow.lastEmailSentAt.getTime()) / 1000 : Infinity;
      return {
        ...none,
        // Only once the PIN was right: an account without a PIN gets here from its username alone.
        maskedEmail: account?.email && flow.factors.includes('pin') ? maskEmail(account.email) : null,
        resendInSeconds: Math.max(0, Math.ceil(deps.limits.emailCode.resendCooldownSeconds - since)),
      };
    }
    case 'NEW_PIN_REQUIRED': {
      const account = await deps.accounts.findById(flow.accountId);
      const policy = policyFor(deps.policies, account?.groups ?? []);
      const hadPin = Boolean(account && (account.pin.hash !== null || account.pin.history.length > 0));
      return { ...none, policy, hadPin, numericPin: policy.complexity === 'numeric' };
    }
    default:
      return none;
  }
}
