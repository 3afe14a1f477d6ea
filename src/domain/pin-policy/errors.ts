// Errors the PIN policy domain throws. A policy that no PIN can satisfy is a configuration
// problem the caller must surface to an administrator, not a user-facing validation result.

/** No PIN of the policy's generatedLength can pass its rules (e.g. 11 digits with no repeats). */
export class PinPolicyUnsatisfiableError extends Error {
  readonly code = 'pin_policy_unsatisfiable' as const;

  constructor(message = 'No PIN can satisfy this PIN policy.') {
    super(message);
    this.name = 'PinPolicyUnsatisfiableError';
  }
}
