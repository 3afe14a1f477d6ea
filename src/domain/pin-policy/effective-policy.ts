// The policy that applies to one account: each of its groups may override the global policy, and
// an account in several such groups gets the strictest combination, field by field.

import type { PinComplexity, PinExpiryAction, PinPolicy, RandomPinDelivery } from './policy.ts';

const COMPLEXITY_ORDER: readonly PinComplexity[] = ['numeric', 'alphanumeric', 'strong', 'complex'];
const EXPIRY_ACTION_ORDER: readonly PinExpiryAction[] = ['force-change', 'send-random', 'lock'];
const DELIVERY_ORDER: readonly RandomPinDelivery[] = ['screen', 'email'];

function strongest<T>(order: readonly T[], values: readonly T[]): T {
  let best = values[0] as T;
  for (const v of values) if (order.indexOf(v) > order.indexOf(best)) best = v;
  return best;
}

/** { ...global, ...override }, ignoring override keys whose value is undefined. */
function applyOverride(global: PinPolicy, override: Partial<PinPolicy>): PinPolicy {
  const defined = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  return { ...global, ...(defined as Partial<PinPolicy>) };
}

function mergeStrictest(policies: readonly [PinPolicy, ...PinPolicy[]]): PinPolicy {
  const all = <K extends keyof PinPolicy>(key: K): PinPolicy[K][] => policies.map((p) => p[key]);
  const minLength = Math.max(...all('minLength'));
  const maxLength = Math.max(minLength, Math.min(...all('maxLength')));
  const generatedLength = Math.min(maxLength, Math.max(minLength, ...all('generatedLength')));
  const repeats = all('maxRepeatedDigits').filter((v): v is number => v !== null);
  const nonZeroExpiry = all('expiryDays').filter((d) => d !== 0);
  return Object.freeze({
    minLength,
    maxLength,
    generatedLength,
    complexity: strongest(COMPLEXITY_ORDER, all('complexity')),
    maxRepeatedDigits: repeats.length === 0 ? null : Math.min(...repeats),
    forbidSequences: all('forbidSequences').some(Boolean),
    forbidCommonPins: all('forbidCommonPins').some(Boolean),
    forbidDatePins: all('forbidDatePins').some(Boolean),
    bannedPins: Object.freeze([...new Set(policies.flatMap((p) => p.bannedPins))]),
    historyCount: Math.max(...all('historyCount')),
    forbidUsername: all('forbidUsername').some(Boolean),
    expiryDays: nonZeroExpiry.length === 0 ? 0 : Math.min(...nonZeroExpiry),
    expiryAction: strongest(EXPIRY_ACTION_ORDER, all('expiryAction')),
    expiryWarningDays: Math.max(...all('expiryWarningDays')),
    graceDaysAfterUnlock: Math.min(...all('graceDaysAfterUnlock')),
    changeOnFirstUse: all('changeOnFirstUse').some(Boolean),
    changeOnFirstUseLocked: all('changeOnFirstUseLocked').some(Boolean),
    forceRandomPins: all('forceRandomPins').some(Boolean),
    randomPinDelivery: strongest(DELIVERY_ORDER, all('randomPinDelivery')),
  });
}

/**
 * The policy for an account in `groups`:
 * - no group listed in groupPolicies: the global policy itself;
 * - one: { ...global, ...override } (so a group may relax the global policy), normalised by the
 *   same merge (maxLength >= minLength, generatedLength clamped, bannedPins deduplicated);
 * - several: each group's policy is built that way, then merged strictest-wins:
 *   max minLength; min maxLength, raised to minLength if they conflict; max generatedLength
 *   clamped into [minLength, maxLength]; strongest complexity (numeric < alphanumeric < strong <
 *   complex); min maxRepeatedDigits (null = unlimited); OR of forbidSequences, forbidCommonPins,
 *   forbidDatePins, forbidUsername, changeOnFirstUse, changeOnFirstUseLocked, forceRandomPins;
 *   union of bannedPins without duplicates; max historyCount; min non-zero expiryDays (0 = never,
 *   only if all are 0); strictest expiryAction (force-change < send-random < lock); max
 *   expiryWarningDays; min graceDaysAfterUnlock; randomPinDelivery 'email' over 'screen'.
 * Group names are matched exactly (own keys only, so "constructor" or "__proto__" never match
 * inherited properties). A group listed twice counts once.
 */
export function effectivePinPolicy(
  groups: readonly string[],
  globalPolicy: PinPolicy,
  groupPolicies: Readonly<Record<string, Partial<PinPolicy>>>,
): PinPolicy {
  const policies: PinPolicy[] = [];
  for (const group of new Set(groups)) {
    if (!Object.hasOwn(groupPolicies, group)) continue;
    const override = groupPolicies[group];
    if (override !== undefined) policies.push(applyOverride(globalPolicy, override));
  }
  const [first, ...rest] = policies;
  if (first === undefined) return globalPolicy;
  return mergeStrictest([first, ...rest]);
}
