// Username rule: when forbidUsername is on, the PIN may not contain the username (ignoring
// case). Usernames shorter than 3 characters are skipped: "jo" would ban too many PINs.

import type { PinPolicy } from '../policy.ts';
import { codePoints } from '../charset.ts';
import { violation, type PinViolation } from '../violations.ts';

/** Usernames shorter than this (in code points) are not checked. */
export const MIN_USERNAME_LENGTH_CHECKED = 3;

/** True when `candidate` contains `username` case-insensitively and the username is long enough. */
export function containsUsername(candidate: string, username: string): boolean {
  if (codePoints(username).length < MIN_USERNAME_LENGTH_CHECKED) return false;
  return candidate.toLowerCase().includes(username.toLowerCase());
}

/** `username` when forbidUsername is on and the candidate contains the username. */
export function checkUsername(candidate: string, policy: PinPolicy, username: string): PinViolation[] {
  if (!policy.forbidUsername || !containsUsername(candidate, username)) return [];
  return [violation('username', 'pin.contains_username')];
}
