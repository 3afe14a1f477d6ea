// The shape of a PIN policy. Pure data: the configuration layer validates ranges
// (zod) and hands the domain a frozen PinPolicy; the rules only read it.

/** numeric: digits only · alphanumeric: letters and digits, >= 1 digit and >= 1 uppercase ·
 * strong: letters and digits, >= 1 digit, >= 1 uppercase, >= 1 lowercase ·
 * complex: letters, digits and `!@#$%&*?`, >= 1 digit, >= 1 letter, >= 1 special. */
export type PinComplexity = 'numeric' | 'alphanumeric' | 'strong' | 'complex';

/** What happens when a PIN reaches its expiry date. */
export type PinExpiryAction = 'force-change' | 'lock' | 'send-random';

/** How a server-generated PIN reaches the user. */
export type RandomPinDelivery = 'screen' | 'email';

export interface PinPolicy {
  /** Shortest PIN accepted (3-15). */
  readonly minLength: number;
  /** Longest PIN accepted (4-16, >= minLength). */
  readonly maxLength: number;
  /** Length of a PIN the server generates (between minLength and maxLength). */
  readonly generatedLength: number;
  readonly complexity: PinComplexity;
  /** PINsafe's "maximum repeated digits": the sum over characters of (occurrences - 1).
   * null switches the rule off. */
  readonly maxRepeatedDigits: number | null;
  /** Refuse PINs whose digits form one constant-step run (1234, 2468, 7654). */
  readonly forbidSequences: boolean;
  /** Refuse the PINs of the bundled list of the most common PINs (common-pins.ts). */
  readonly forbidCommonPins: boolean;
  /** Refuse PINs that read as a date or a year (1987, 2512, 250490, 25041990; rules/dates.ts). */
  readonly forbidDatePins: boolean;
  /** The operator's own banned PINs; `?` matches exactly one character. */
  readonly bannedPins: readonly string[];
  /** How many previous PINs a new PIN may not repeat (0: off). */
  readonly historyCount: number;
  /** Refuse a PIN that contains the username. */
  readonly forbidUsername: boolean;
  /** Days a PIN stays valid after it is set (0: never expires). */
  readonly expiryDays: number;
  readonly expiryAction: PinExpiryAction;
  /** Days before expiry from which the user is warned (0: no warning). */
  readonly expiryWarningDays: number;
  /** Days given to change an expired PIN after an administrator unlocks the account. */
  readonly graceDaysAfterUnlock: number;
  /** A PIN set by an operator must be changed at its first use. */
  readonly changeOnFirstUse: boolean;
  /** When true, an operator cannot waive changeOnFirstUse for one account. */
  readonly changeOnFirstUseLocked: boolean;
  /** The server generates every PIN; neither users nor operators choose one. */
  readonly forceRandomPins: boolean;
  readonly randomPinDelivery: RandomPinDelivery;
}
