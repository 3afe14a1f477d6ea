// Effects are data: transition() says what must happen, the use case makes it happen
// after the flow is saved.
import type { FailureReason } from './events.ts';

export type AuthenticationMethod = 'pin' | 'otp' | 'mfa';

export type SignInEffect =
  | { readonly type: 'record_failure'; readonly accountId: string | null; readonly reason: FailureReason }
  | { readonly type: 'record_success'; readonly accountId: string }
  | {
      readonly type: 'complete_signin';
      readonly accountId: string;
      /** RFC 8176 authentication method references for the ID token. */
      readonly amr: readonly AuthenticationMethod[];
    }
  /** Tell the user the attempt failed; one message for every reason (no oracle). */
  | { readonly type: 'show_error'; readonly messageId: 'signin.failed' | 'signin.username_required' };
