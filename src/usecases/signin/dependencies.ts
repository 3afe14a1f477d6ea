// What the sign-in use cases need, gathered in one object built by the composition root.
import type { PinProcessingOrder } from '../../domain/passcode.ts';
import type { SignInLimits } from '../../domain/signin/transition.ts';
import type { PinHasher } from '../../security/pin-hasher.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { TotpParameters, TotpWindow } from '../../security/totp.ts';
import type { AccountStore, Clock, FlowStore, LockoutLimits, SessionStore, TokenStore } from '../ports.ts';
import type { SessionEndPolicy } from '../sessions/end-sessions.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from '../notifier.ts';
import type { PinPolicies } from '../pin/policies.ts';
import type { SignInRateLimiter } from '../rate-limit.ts';
import type { AuditLog } from '../audit.ts';

export interface SignInSettings {
  readonly pinProcessingOrder: PinProcessingOrder;
  readonly passcodeField: 'separate' | 'combined';
  readonly flowTtlSeconds: number;
  readonly totpWindow: TotpWindow;
  readonly acr: string;
  readonly acrTokencodeOnly: string;
  readonly acrEmailCode: string;
  readonly newPinMaxAttempts: number;
}

export interface SignInDependencies {
  readonly flows: FlowStore;
  readonly accounts: AccountStore;
  readonly tokens: TokenStore;
  readonly sessions: SessionStore;
  readonly sessionEnd: SessionEndPolicy;
  readonly hasher: PinHasher;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  readonly rateLimiter: SignInRateLimiter;
  readonly settings: SignInSettings;
  readonly limits: SignInLimits;
  readonly lockout: LockoutLimits;
  readonly policies: PinPolicies;
  /** Keys the hashes of emailed codes (HMAC-SHA256), so a database copy cannot brute-force them. */
  readonly codeKey: Buffer;
  readonly emailCodeLength: number;
  readonly selfService: { readonly totpEnrolment: boolean; readonly pinRecoveryWithEmailOnly: boolean };
  readonly totpDefaults: TotpParameters;
  readonly totpIssuer: string;
}

/** Who is asking: for the audit trail, rate limits and email text. */
export interface SignInContext {
  readonly clientId: string;
  readonly clientName: string;
  readonly ip: string;
  /** Why the flow runs: an OIDC sign-in (default) or a self-service page. */
  readonly purpose?: string;
  /** The language of the pages, for the emails the step sends (the default when absent). */
  readonly locale?: string;
}
