// Which template shows which sign-in state, and what it needs. Views only read the state.
import { describeViolation, type PinViolation } from '../../domain/pin-policy/index.ts';
import type { SignInFlow, SignInState } from '../../domain/signin/flow.ts';
import type { SignInSettings } from '../../usecases/signin/dependencies.ts';
import type { PageFacts } from '../../usecases/signin/page-facts.ts';
import { messageText } from '../messages.ts';

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
      title: flow.purpose === 'signin' ? 'Sign in' : flow.purpose === 'change_pin' ? 'Change your PIN' : 'Forgotten PIN',
      purpose: flow.purpose,
      action: action ?? `/interaction/${flow.id}`,
      // Every sign-in page can be left: the client gets access_denied and the user goes back.
      cancel: flow.purpose === 'signin' ? `/interaction/${flow.id}/abort` : null,
      csrf: flow.csrfToken,
      state: flow.state,
      clientName,
      username: (flow.state === 'USERNAME_REQUIRED' ? loginHint : typedUsername) ?? '',
      combined: settings.passcodeField === 'combined',
      pinFirst: settings.pinProcessingOrder === 'prepend',
      // The user chooses the PIN (random PINs are not forced): a one-field passcode may carry it.
      choosesPin: !flow.randomPins,
      message: messageText(messageId),
      notice: messageText(noticeId),
      emailed: flow.randomPinDelivery === 'email',
      reasons: violations.map(describeViolation),
      policySentence: facts.policySentence,
      numericPin: facts.numericPin,
      firstPin: flow.pinDemand === 'set',
      attemptsLeft: settings.newPinMaxAttempts - flow.newPinAttempts,
      oneTimePin,
      enrolment: facts.enrolment,
      pinIsSet: flow.pinDemand !== 'set',
      tokenReplaced: flow.totpEnrolment === 'replacement_after_enrolment_code',
    },
  };
}
