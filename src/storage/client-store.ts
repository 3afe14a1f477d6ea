// Registered OIDC clients, stored through the oidc-provider adapter (so client secrets are
// sealed the same way whichever path writes them).
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ClientMetadata, ClientStore } from '../usecases/ports.ts';

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
