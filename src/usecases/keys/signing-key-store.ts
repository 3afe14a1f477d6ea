// The port for the ID-token signing keys kept in the database, so every provider process (on
// any machine) and the `pingate keys` command share one set. The private key travels sealed.
import type { SigningKey } from '../../domain/signing-keys.ts';

export interface StoredSigningKey extends SigningKey {
  /** The private JWK, sealed with PINGATE_SECRET_KEY (associated data: "signing-key:<kid>"). */
  readonly sealedJwk: string;
}

export interface SigningKeyStore {
  /** The set, or an empty list when the keys still come from the environment. */
  load(): Promise<readonly StoredSigningKey[]>;
  /** Replaces the whole set in one write: a rotation is never seen half done. */
  save(keys: readonly StoredSigningKey[]): Promise<void>;
}
