// `pingate keys list|rotate|retire`: the ID-token signing keys in the database. The first change
// adopts the keys in use until then (the environment's JWKS) so nothing they signed stops
// verifying; the processes apply a change when they restart (a rolling restart: SIGTERM lets each
// finish its requests), because oidc-provider reads its keys once at start.
import type { JWK } from 'jose';
import { DomainError } from '../../domain/errors.ts';
import { adoptedKeys, publicationOrder, retire, rotate, type RotationPlan, type SigningAlgorithm, type SigningKey } from '../../domain/signing-keys.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { Actor, AuditLog } from '../audit.ts';
import type { Clock } from '../ports.ts';
import type { SigningKeyStore, StoredSigningKey } from './signing-key-store.ts';

export interface SigningKeyDependencies {
  readonly signingKeys: SigningKeyStore;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  /** The keys the provider signs with while the database has none (PINGATE_JWKS, its file, or
   * the generated development keys). */
  readonly environmentJwks: { readonly keys: readonly JWK[] };
  /** A new private key of `alg` with its kid. */
  readonly generateKey: (alg: SigningAlgorithm) => Promise<JWK>;
  /** How long a token signed by a key may still be presented (the ID token lifetime). */
  readonly tokenLifetimeSeconds: number;
  readonly audit: AuditLog;
  readonly actor: Actor;
}

export interface ListedKey extends SigningKey {
  /** database: managed here; environment: PINGATE_JWKS (nothing changed yet). */
  readonly source: 'database' | 'environment';
}

const sealedFor = (deps: SigningKeyDependencies, jwk: JWK): string => deps.secretBox.seal(JSON.stringify(jwk), `signing-key:${jwk.kid}`);

function algorithmOf(jwk: JWK): SigningAlgorithm {
  if (jwk.alg === 'RS256' || jwk.alg === 'ES256') return jwk.alg as SigningAlgorithm;
  throw new DomainError('invalid_input', `key ${jwk.kid ?? '?'} has alg ${jwk.alg ?? 'none'}; Pingate signs with RS256 or ES256`);
}

/** The stored set, or the environment's keys adopted (not yet saved). */
async function currentSet(deps: SigningKeyDependencies): Promise<{ keys: StoredSigningKey[]; adopted: boolean }> {
  const stored = await deps.signingKeys.load();
  if (stored.length > 0) return { keys: [...stored], adopted: false };
  const now = deps.clock.now();
  const keys = adoptedKeys(deps.environmentJwks.keys.map((jwk) => ({ kid: jwk.kid!, alg: algorithmOf(jwk), sealedJwk: sealedFor(deps, jwk) })), now);
  return { keys, adopted: true };
}

export async function listSigningKeys(deps: SigningKeyDependencies): Promise<ListedKey[]> {
  const { keys, adopted } = await currentSet(deps);
  return publicationOrder(keys).map(({ sealedJwk: _sealed, ...key }) => ({ ...key, source: adopted ? 'environment' : 'database' }));
}

export async function rotateSigningKey(deps: SigningKeyDependencies, alg: SigningAlgorithm): Promise<RotationPlan & { readonly staged: string }> {
  const { keys } = await currentSet(deps);
  const now = deps.clock.now();
  const fresh = await deps.generateKey(alg);
  const staged = await deps.generateKey(alg);
  const template = (jwk: JWK): StoredSigningKey => ({ kid: jwk.kid!, alg, state: 'next', sealedJwk: sealedFor(deps, jwk), createdAt: now, since: now });
  const rotated = rotate(keys, alg, now, template(fresh), template(staged));
  await deps.signingKeys.save(rotated.keys);
  await deps.audit.record({
    event: 'keys.rotated',
    outcome: 'success',
    actor: deps.actor,
    details: { alg, signing: rotated.plan.promoted, previous: rotated.plan.demoted, next: staged.kid!, wasStaged: rotated.plan.wasStaged },
  });
  return { ...rotated.plan, staged: staged.kid! };
}

export async function retireSigningKey(deps: SigningKeyDependencies, kid: string, { force = false }: { force?: boolean } = {}): Promise<void> {
  const { keys } = await currentSet(deps);
  const remaining = retire(keys, kid, deps.clock.now(), deps.tokenLifetimeSeconds, force);
  await deps.signingKeys.save(remaining);
  await deps.audit.record({ event: 'keys.retired', outcome: 'success', actor: deps.actor, details: { kid, forced: force } });
}

/** For the provider at start-up: the stored keys' private JWKS in publication order, or null
 * while the database has none (the environment's keys are used). */
export async function storedSigningJwks(store: SigningKeyStore, secretBox: SecretBox): Promise<{ keys: JWK[] } | null> {
  const stored = await store.load();
  if (stored.length === 0) return null;
  return { keys: publicationOrder(stored).map((key) => JSON.parse(secretBox.open(key.sealedJwk, `signing-key:${key.kid}`)) as JWK) };
}
