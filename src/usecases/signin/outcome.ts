// What a sign-in step answers to the HTTP layer: a page to render for the flow's state (with an
// optional message), or a finished sign-in to hand to oidc-provider.
import type { AuthenticationMethod, SignInMessageId, SignInNoticeId } from '../../domain/signin/effects.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { PinViolation } from '../../domain/pin-policy/index.ts';

export type { SignInMessageId };

export type SignInOutcome =
  | {
      readonly kind: 'page';
      readonly flow: SignInFlow;
      readonly messageId: SignInMessageId | null;
      /** Information that is not an error ("we sent a code"). */
      readonly noticeId: SignInNoticeId | null;
      readonly violations: readonly PinViolation[];
      /** A server-generated PIN, present only in the one response that shows it. */
      readonly oneTimePin: string | null;
    }
  | {
      readonly kind: 'completed';
      readonly flow: SignInFlow;
      readonly accountId: string;
      readonly amr: readonly AuthenticationMethod[];
      readonly acr: string;
    };
