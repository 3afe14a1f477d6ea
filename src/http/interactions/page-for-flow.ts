// Which template shows which sign-in state, and what it needs. Views only read the state.
import type { PinViolation } from '../../domain/pin-policy/index.ts';
import type { SignInFlow, SignInState } from '../../domain/signin/flow.ts';
import type { SignInSettings } from '../../usecases/signin/dependencies.ts';
import type { PageFacts } from '../../usecases/signin/page-facts.ts';
import { policyLines, violationLine } from '../pin-policy-lines.ts';

const templates: Readonly<Record<Exclude<SignInState, 'COMPLETED'>, string>> = {
  USERNAME_REQUIRED: 'signin/username.njk',
  PASSCODE_REQUIRED: 'signin/passcode.njk',
  TOKENCODE_REQUIRED: 'signin/tokencode.njk',
  PIN_REQUIRED: 'signin/pin.njk',
  EMAIL_CODE_REQUIRED: 'signin/email-code.njk',
  NEXT_TOKENCODE_REQUIRED: 'signin/next-tokencode.njk',
  RECOVERY_CODE_REQUIRED: 'signin/recovery-code.njk',
  ENROLMENT_CODE_REQUIRED: 'signin/enrolment-code.njk',
  TOTP_ENROLMENT_REQUIRED: 'signin/totp-enrolment.njk',
  NEW_PIN_REQUIRED: 'signin/new-pin.njk',
  RANDOM_PIN_ISSUED: 'signin/random-pin.njk',
};

/** The catalogue id of a page's message. A failed check on a page that asks only for codes
 * says so (the PIN was right by then, or is not asked for), not "username, PIN or tokencode". */
function messageKey(flow: SignInFlow, messageId: string | null): string | null {
  if (messageId === null) return null;
  if (messageId === 'signin.failed' && flow.state === 'EMAIL_CODE_REQUIRED') return 'message.signin.email_code_failed';
  if (messageId === 'signin.failed' && flow.state === 'RECOVERY_CODE_REQUIRED') return 'message.recovery.failed';
  if (messageId === 'signin.failed' && (flow.state === 'NEXT_TOKENCODE_REQUIRED' || flow.state === 'TOTP_ENROLMENT_REQUIRED')) return 'message.signin.code_failed';
  return `message.${messageId}`;
}

export interface PageContext {
  readonly flow: SignInFlow;
  readonly settings: SignInSettings;
  readonly facts: PageFacts;
  readonly clientName: string;
  readonly loginHint: string | null;
  /** What the browser typed at the username step: the later pages show this, never the flow's
   * username, so a username that names no account looks like one that does. */
  readonly typedUsername: string | null;
  /** Where the forms post (the interaction, or a self-service flow). */
  readonly action?: string;
  readonly messageId: string | null;
  readonly noticeId?: string | null;
  readonly violations?: readonly PinViolation[];
  readonly oneTimePin?: string | null;
}

export function pageForFlow({ flow, settings, facts, clientName, loginHint, typedUsername, messageId, noticeId = null, violations = [], oneTimePin = null, action }: PageContext) {
  if (flow.state === 'COMPLETED') throw new Error('a completed flow has no page');
  return {
    template: templates[flow.state],
    data: {
      titleKey: flow.purpose === 'change_pin' ? 'title.change_pin' : flow.purpose === 'forgot_pin' ? 'title.forgot_pin' : 'title.signin',
      purpose: flow.purpose,
      action: action ?? `/interaction/${flow.id}`,
      // Every sign-in page can be left: the client gets access_denied and the user goes back.
      cancel: flow.purpose === 'signin' ? `/interaction/${flow.id}/abort` : null,
      // Where PIN and tokencode are asked for, a way out for whoever forgot the PIN (and back here
      // afterwards). Not on the pages of email-token and token-less accounts: they cannot reset
      // a PIN themselves (selfService.pinRecoveryWithEmailOnly aside) and go to the helpdesk.
      forgotPin: flow.state === 'PASSCODE_REQUIRED' && flow.purpose !== 'forgot_pin' && facts.pinRecovery
        ? `/self-service/forgot-pin${flow.purpose === 'signin' ? `?return_to=/interaction/${flow.id}` : ''}`
        : null,
      csrf: flow.csrfToken,
      state: flow.state,
      clientName,
      username: (flow.state === 'USERNAME_REQUIRED' ? loginHint : typedUsername) ?? '',
      combined: settings.passcodeField === 'combined',
      pinFirst: settings.pinProcessingOrder === 'prepend',
      // The user chooses the PIN (random PINs are not forced): a one-field passcode may carry it.
      choosesPin: !flow.randomPins,
      message: messageKey(flow, messageId),
      notice: noticeId ? `message.${noticeId}` : null,
      emailed: flow.randomPinDelivery === 'email',
      reasons: violations.map(violationLine),
      policyRules: facts.policy ? policyLines(facts.policy, facts.hadPin) : [],
      numericPin: facts.numericPin,
      // Not when the send just failed: nothing went to that address.
      emailTo: messageId === 'email.delivery_failed' ? null : facts.maskedEmail,
      resendInSeconds: facts.resendInSeconds,
      codeMinutes: facts.emailCodeMinutes,
      codeLength: facts.emailCodeLength,
      firstPin: flow.pinDemand === 'set',
      attemptsLeft: settings.newPinMaxAttempts - flow.newPinAttempts,
      oneTimePin,
      enrolment: facts.enrolment,
      pinIsSet: flow.pinDemand !== 'set',
      tokenReplaced: flow.totpEnrolment === 'replacement_after_enrolment_code',
    },
  };
}
