// The configuration schema of PIN policies: the global policy (every field required) and
// per-group overrides (any subset). Ranges follow the SafeNet server-side PIN policy.
import { z } from 'zod';

const fields = {
  minLength: z.number().int().min(3).max(15),
  maxLength: z.number().int().min(4).max(16),
  generatedLength: z.number().int().min(3).max(16),
  complexity: z.enum(['numeric', 'alphanumeric', 'strong', 'complex']),
  maxRepeatedDigits: z.number().int().min(0).max(15).nullable(),
  forbidSequences: z.boolean(),
  forbidCommonPins: z.boolean(),
  forbidDatePins: z.boolean(),
  bannedPins: z.array(z.string().min(1).max(16)).max(10_000),
  historyCount: z.number().int().min(0).max(24),
  forbidUsername: z.boolean(),
  expiryDays: z.number().int().min(0).max(3650),
  expiryAction: z.enum(['force-change', 'lock', 'send-random']),
  expiryWarningDays: z.number().int().min(0).max(365),
  graceDaysAfterUnlock: z.number().int().min(0).max(365),
  changeOnFirstUse: z.boolean(),
  changeOnFirstUseLocked: z.boolean(),
  forceRandomPins: z.boolean(),
  randomPinDelivery: z.enum(['screen', 'email']),
};

export const pinPolicySchema = z
  .strictObject(fields)
  .refine((p) => p.maxLength >= p.minLength, { message: 'maxLength must be >= minLength', path: ['maxLength'] })
  .refine((p) => p.generatedLength >= p.minLength && p.generatedLength <= p.maxLength, {
    message: 'generatedLength must lie between minLength and maxLength',
    path: ['generatedLength'],
  });

export const groupPinPolicySchema = z.strictObject(fields).partial();

export const groupPinPoliciesSchema = z.record(z.string().regex(/^[\p{L}\p{N}._:-]{1,64}$/u), groupPinPolicySchema);
