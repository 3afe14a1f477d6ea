// Banned PINs rule: each bannedPins entry is a pattern for the WHOLE PIN, where `?` matches
// exactly one character and every other character matches itself, ignoring case.

import type { PinPolicy } from '../policy.ts';
import { codePoints } from '../charset.ts';
import { violation, type PinViolation } from '../violations.ts';

function sameCharacterIgnoringCase(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();
}

/**
 * True when `pattern` matches the whole candidate: same number of code points, `?` matches any
 * one, others compared case-insensitively one by one (no RegExp is built from the pattern).
 * `19??` matches 1900-1999 but neither 190 nor 19000.
 */
export function matchesBannedPattern(candidate: string, pattern: string): boolean {
  const c = codePoints(candidate);
  const p = codePoints(pattern);
  if (c.length !== p.length) return false;
  for (let i = 0; i < p.length; i++) {
    const pc = p[i] ?? '';
    if (pc === '?') continue;
    if (!sameCharacterIgnoringCase(pc, c[i] ?? '')) return false;
  }
  return true;
}

/** One `banned` violation when any entry matches (the entry itself is not reported). */
export function checkBanned(candidate: string, policy: PinPolicy): PinViolation[] {
  if (!policy.bannedPins.some((pattern) => matchesBannedPattern(candidate, pattern))) return [];
  return [violation('banned', 'pin.banned')];
}
