// The signing keys as one record of the provider adapter's storage (model "PingateSigningKeys"),
// on either backend: one document written at once (a rotation changes several keys together), and
// included in `pingate db export` like every provider record. Few keys, read at start-up only.
import type { AdapterConstructor } from 'oidc-provider';
import type { SigningAlgorithm, SigningKeyState } from '../domain/signing-keys.ts';
import type { SigningKeyStore, StoredSigningKey } from '../usecases/keys/signing-key-store.ts';

const MODEL = 'PingateSigningKeys';
const ID = 'keys';

interface StoredForm {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly state: SigningKeyState;
  readonly sealedJwk: string;
  readonly createdAt: string;
  readonly since: string;
}

export function signingKeySet(Adapter: AdapterConstructor): SigningKeyStore {
  const adapter = new Adapter(MODEL);
  return {
    async load() {
      const payload = (await adapter.find(ID)) as { keys?: StoredForm[] } | undefined;
      return (payload?.keys ?? []).map((key) => ({ ...key, createdAt: new Date(key.createdAt), since: new Date(key.since) }));
    },
    async save(keys: readonly StoredSigningKey[]) {
      const stored: StoredForm[] = keys.map((key) => ({
        kid: key.kid,
        alg: key.alg,
        state: key.state,
        sealedJwk: key.sealedJwk,
        createdAt: key.createdAt.toISOString(),
        since: key.since.toISOString(),
      }));
      await adapter.upsert(ID, { keys: stored } as never, undefined as never);
    },
  };
}
