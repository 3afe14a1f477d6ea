// What the administration use cases need. The CLI (and later the admin API) call the same
// use cases, so each action has one implementation.
import type { PinHasher } from '../../security/pin-hasher.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { TotpParameters } from '../../security/totp.ts';
import type { ClientStore } from '../ports.ts';
import type { AccountStore, Clock, LockoutLimits, SessionStore, TokenStore } from '../ports.ts';
import type { SessionEndPolicy } from '../sessions/end-sessions.ts';
import type { PinPolicies } from '../pin/policies.ts';
import type { Notifier } from '../notifier.ts';
import type { Actor, AuditLog } from '../audit.ts';
import type { ConsoleGroups, ConsoleRole } from '../../domain/console-role.ts';

export interface AdminDependencies {
  readonly accounts: AccountStore;
  readonly tokens: TokenStore;
  readonly sessions: SessionStore;
  readonly sessionEnd: SessionEndPolicy;
  readonly clients: ClientStore;
  readonly hasher: PinHasher;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly policies: PinPolicies;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  /** Who performs the actions (the CLI's operator, or the admin API's client): every audit
   * record names them. */
  readonly actor: Actor;
  /** What the actor may do: the CLI's operator is an administrator, an API client has its
   * scope's role, a console user their groups' (domain/console-role.ts). */
  readonly role: ConsoleRole;
  /** The address the actor acts from (an API caller's, a console user's); absent for the CLI. */
  readonly ip?: string | null;
  /** The groups whose members are administrators or helpdesk: the helpdesk may not change an
   * administrator's account. */
  readonly consoleGroups: ConsoleGroups;
  readonly lockout: LockoutLimits;
  readonly totpDefaults: TotpParameters;
  readonly totpIssuer: string;
  /** The acr values the provider advertises: a client's default acr must be one of them. */
  readonly acrValues: readonly string[];
  /** Keys the hashes of helpdesk enrolment codes (HMAC-SHA256). */
  readonly codeKey: Buffer;
  readonly enrolmentCodeTtlHours: number;
  /** Validates client metadata the way the provider will when it loads the client. */
  readonly validateClient: (metadata: Record<string, unknown>) => Promise<void>;
}
