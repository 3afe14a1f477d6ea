// What the sign-in use cases need, gathered in one object built by the composition root.
import type { PinProcessingOrder } from '../../domain/passcode.ts';
import type { PinHasher } from '../../security/pin-hasher.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { AccountStore, Clock, FlowStore, TokenStore } from '../ports.ts';
import type { Logger } from '../logger.ts';
import type { PinPolicies } from '../pin/policies.ts';

export interface SignInSettings {
  readonly pinProcessingOrder: PinProcessingOrder;
  readonly passcodeField: 'separate' | 'combined';
  readonly flowTtlSeconds: number;
  readonly totpWindow: number;
  readonly acr: string;
  readonly acrTokencodeOnly: string;
  readonly newPinMaxAttempts: number;
}

export interface SignInDependencies {
  readonly flows: FlowStore;
  readonly accounts: AccountStore;
  readonly tokens: TokenStore;
  readonly hasher: PinHasher;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: SignInSettings;
  readonly policies: PinPolicies;
}
