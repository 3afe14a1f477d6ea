// Registered OIDC clients, stored through the oidc-provider adapter (so client secrets are
// sealed the same way whichever path writes them).
import type { Adapter, AdapterPayload } from 'oidc-provider';

export interface ClientMetadata {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly client_name?: string;
  readonly redirect_uris: readonly string[];
  readonly post_logout_redirect_uris?: readonly string[];
  readonly grant_types: readonly string[];
  readonly response_types: readonly string[];
  readonly token_endpoint_auth_method: string;
  readonly first_party?: boolean;
  readonly [key: string]: unknown;
}

export interface ClientStore {
  save(metadata: ClientMetadata): Promise<void>;
  find(clientId: string): Promise<ClientMetadata | null>;
}

export function createClientStore(adapter: Adapter): ClientStore {
  return {
    async save(metadata) {
      await adapter.upsert(metadata.client_id, metadata as unknown as AdapterPayload, 0);
    },
    async find(clientId) {
      const payload = await adapter.find(clientId);
      return (payload as unknown as ClientMetadata | undefined) ?? null;
    },
  };
}
