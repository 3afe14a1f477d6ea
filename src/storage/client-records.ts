// A client as stored (oidc-provider's metadata with the secret sealed, plus two fields of
// Pingate's own: disabled and revision) and the RegisteredClient of the ports. Both backends
// store the same payload, so an export carries a client's state to the other backend.
import type { AdapterPayload } from 'oidc-provider';
import type { SecretBox } from '../security/secret-box.ts';
import type { ClientMetadata, RegisteredClient } from '../usecases/ports.ts';
import { openClient, SEALED_CLIENT_SECRET, sealClient } from './oidc-payloads.ts';

/** Present (true) on a disabled client's payload. */
export const CLIENT_DISABLED = 'pingate_disabled';
/** The number of changes since registration; absent before the first one. */
export const CLIENT_REVISION = 'pingate_revision';

/** The client as administrators see it, from a stored payload. */
export function registeredClient(stored: AdapterPayload, box: SecretBox): RegisteredClient {
  const { [CLIENT_DISABLED]: disabled, [CLIENT_REVISION]: revision, ...metadata } = openClient(stored, box) as AdapterPayload & Record<string, unknown>;
  return { metadata: metadata as unknown as ClientMetadata, enabled: disabled !== true, revision: typeof revision === 'number' ? revision : 0 };
}

/** Whether a stored payload's secret is sealed under an earlier secret key (`pingate secrets reseal`). */
export function sealedUnderOldKey(stored: AdapterPayload, box: SecretBox): boolean {
  const sealed = (stored as Record<string, unknown>)[SEALED_CLIENT_SECRET];
  return typeof sealed === 'string' && !box.isCurrent(sealed);
}

/** The payload to store for `client` at `revision`, its secret sealed. */
export function storedClient(client: Pick<RegisteredClient, 'metadata' | 'enabled'>, revision: number, box: SecretBox): AdapterPayload {
  return sealClient(
    {
      ...(client.metadata as unknown as AdapterPayload),
      ...(client.enabled ? {} : { [CLIENT_DISABLED]: true }),
      ...(revision > 0 ? { [CLIENT_REVISION]: revision } : {}),
    },
    box,
  );
}

/** What oidc-provider may see of a stored client: nothing of a disabled one, and none of
 * Pingate's own fields. */
export function providerClient(stored: AdapterPayload, box: SecretBox): AdapterPayload | undefined {
  const client = registeredClient(stored, box);
  return client.enabled ? (client.metadata as unknown as AdapterPayload) : undefined;
}
