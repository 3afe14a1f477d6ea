// Judging and storing a PIN the user chose, and issuing a server-generated one. Storing is one
// conditional single-document update (on the hash it replaces), so two racing changes cannot both
// win and a crash leaves the old PIN or the new one. The history keeps hashes only.
import { randomInt } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { recentPinHashes, type PinRecord } from '../../domain/pin-lifecycle.ts';
import { evaluatePinPolicy, generateRandomPin, type PinPolicy } from '../../domain/pin-policy/index.ts';
import type { NewPinVerdict } from '../../domain/signin/events.ts';
import type { PinState } from '../../domain/signin/events.ts';
import type { PinHasher } from '../../security/pin-hasher.ts';
import type { Account, AccountStore } from '../ports.ts';

export async function judgeNewPin(
  hasher: PinHasher,
  account: Account,
  policy: PinPolicy,
  newPin: string,
  confirmPin: string,
  now: Date,
): Promise<NewPinVerdict> {
  const result = await evaluatePinPolicy(newPin, { username: account.username, now, matchesHistory: matchesAny(hasher, recentPinHashes(account.pin, policy.historyCount)) }, policy);
  if (!result.ok) return { kind: 'refused', violations: result.violations };
  if (newPin !== confirmPin) return { kind: 'mismatch' };
  return { kind: 'ok' };
}

export function matchesAny(hasher: PinHasher, hashes: readonly string[]) {
  return async (candidate: string): Promise<boolean> =>
    (await Promise.all(hashes.map((hash) => hasher.verify(hash, candidate)))).some(Boolean);
}

/** Stores `pin` for the account, replacing its current PIN; the replaced one joins the history. */
export async function storePin(
  accounts: AccountStore,
  hasher: PinHasher,
  account: Account,
  pin: string,
  policy: PinPolicy,
  state: PinState,
  now: Date,
): Promise<void> {
  const record: PinRecord = {
    hash: await hasher.hash(pin),
    state,
    changedAt: now,
    history: recentPinHashes(account.pin, policy.historyCount),
    graceUntil: null,
  };
  if (!(await accounts.replacePin(account.id, record, account.pin.hash))) {
    throw new DomainError('conflict', 'the PIN was changed at the same time by another request; start again');
  }
}

/** A PIN that meets the policy and is none of the account's recent PINs. */
export async function generatePinFor(hasher: PinHasher, account: Account, policy: PinPolicy): Promise<string> {
  const inHistory = matchesAny(hasher, recentPinHashes(account.pin, policy.historyCount));
  for (let attempt = 0; attempt < 10; attempt++) {
    const pin = generateRandomPin(policy, (max) => randomInt(max), account.username);
    if (!(await inHistory(pin))) return pin;
  }
  throw new DomainError('conflict', 'could not generate a PIN outside the PIN history; widen the policy');
}
