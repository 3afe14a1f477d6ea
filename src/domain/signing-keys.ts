// The life of an ID-token signing key, with no I/O: `next` (published in the JWKS, not signing
// yet, so relying parties have it cached before it signs), `signing` (one per algorithm), then
// `previous` (published only, so tokens it signed still verify) until it is retired (removed).
// A rotation promotes the algorithm's `next` key, demotes the signing one, and stages a new
// `next`; retiring refuses the signing key and, unless forced, a key that signed tokens that
// may still be valid.
import { DomainError } from './errors.ts';

export type SigningAlgorithm = 'RS256' | 'ES256';
export type SigningKeyState = 'next' | 'signing' | 'previous';

export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly state: SigningKeyState;
  readonly createdAt: Date;
  /** When it entered its state (for `previous`: when it stopped signing). */
  readonly since: Date;
}

/** For the provider: per algorithm the signing key first (oidc-provider signs with the first key
 * of an algorithm), then the staged and the previous ones, published for verification. */
export function publicationOrder<K extends SigningKey>(keys: readonly K[]): K[] {
  const rank: Record<SigningKeyState, number> = { signing: 0, next: 1, previous: 2 };
  return [...keys].sort((a, b) => rank[a.state] - rank[b.state] || b.since.getTime() - a.since.getTime());
}

/** Keys first used from elsewhere (the environment's JWKS): the first of each algorithm signs. */
export function adoptedKeys<K extends { kid: string; alg: SigningAlgorithm }>(keys: readonly K[], now: Date): (K & SigningKey)[] {
  const seen = new Set<SigningAlgorithm>();
  return keys.map((key) => {
    const state: SigningKeyState = seen.has(key.alg) ? 'previous' : 'signing';
    seen.add(key.alg);
    return { ...key, state, createdAt: now, since: now };
  });
}

export interface RotationPlan {
  /** The key that signs from now on: the staged one, or `fresh` when none was staged. */
  readonly promoted: string;
  /** Whether relying parties could already have the promoted key (it was staged). */
  readonly wasStaged: boolean;
  readonly demoted: string | null;
}

/**
 * Rotation of `alg`: its `next` key (or `fresh`, when none is staged) signs; the signing key
 * becomes `previous`; `staged` is the new `next`. Answers the new set and what changed.
 */
export function rotate<K extends SigningKey>(keys: readonly K[], alg: SigningAlgorithm, now: Date, fresh: K, staged: K): { keys: K[]; plan: RotationPlan } {
  const next = keys.find((key) => key.alg === alg && key.state === 'next');
  const signing = keys.find((key) => key.alg === alg && key.state === 'signing');
  const promotedKid = next?.kid ?? fresh.kid;
  const out: K[] = keys.map((key) => {
    if (key.kid === promotedKid) return { ...key, state: 'signing', since: now };
    if (key.kid === signing?.kid) return { ...key, state: 'previous', since: now };
    return key;
  });
  if (!next) out.push({ ...fresh, alg, state: 'signing', createdAt: now, since: now });
  out.push({ ...staged, alg, state: 'next', createdAt: now, since: now });
  return { keys: out, plan: { promoted: promotedKid, wasStaged: next !== undefined, demoted: signing?.kid ?? null } };
}

/**
 * Removes `kid` from the set. The signing key cannot go (rotate first); a previous key that
 * stopped signing less than `tokenLifetimeSeconds` ago still verifies live tokens, so it goes
 * only when `force` is set.
 */
export function retire<K extends SigningKey>(keys: readonly K[], kid: string, now: Date, tokenLifetimeSeconds: number, force: boolean): K[] {
  const key = keys.find((candidate) => candidate.kid === kid);
  if (!key) throw new DomainError('not_found', `no signing key ${kid}`);
  if (key.state === 'signing') throw new DomainError('conflict', `key ${kid} signs the ${key.alg} tokens: rotate first, then retire it`);
  const safeFrom = new Date(key.since.getTime() + tokenLifetimeSeconds * 1000);
  if (key.state === 'previous' && now < safeFrom && !force) {
    throw new DomainError('conflict', `key ${kid} signed tokens that are valid until ${safeFrom.toISOString()}; retiring it now makes them fail (use --force to do it anyway)`);
  }
  return keys.filter((candidate) => candidate.kid !== kid);
}
