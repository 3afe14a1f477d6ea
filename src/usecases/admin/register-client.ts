// Registers a relying party: confidential (with a generated secret) or public (PKCE only).
import { DomainError } from '../../domain/errors.ts';
import type { ClientMetadata } from '../ports.ts';
import { auditClientAdmin } from './audit.ts';
import { applyClientSettings, checkClientId, checkWithProvider, DEFAULT_RELYING_PARTY_SCOPES, DEVICE_CODE_GRANT, newClientSecret, type ClientSettings } from './client-metadata.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator } from './find-account.ts';

export interface RegisterClientInput extends ClientSettings {
  readonly clientId: string;
  readonly redirectUris: readonly string[];
  readonly public?: boolean | undefined;
  /** A given secret (e.g. one already configured in Keycloak); generated when absent. */
  readonly secret?: string | undefined;
  /** A device (command line, TV, headless VPN client) signing in with the device authorization
   * grant: the user enters its code at /device. With redirect URIs, it may use both flows. */
  readonly device?: boolean | undefined;
  /** How a confidential client authenticates at the token endpoint (Keycloak defaults to post). */
  readonly authMethod?: 'client_secret_basic' | 'client_secret_post' | undefined;
}

export async function registerClient(deps: AdminDependencies, input: RegisterClientInput): Promise<ClientMetadata> {
  requireAdministrator(deps, 'manage clients');
  const { clientId, public: isPublic, secret, authMethod, device, ...settings } = input;
  checkClientId(clientId);
  const browser = !device || (settings.redirectUris?.length ?? 0) > 0;
  const base: ClientMetadata = {
    client_id: clientId,
    redirect_uris: [],
    grant_types: [...(browser ? ['authorization_code'] : []), ...(device ? [DEVICE_CODE_GRANT] : []), 'refresh_token'],
    response_types: browser ? ['code'] : [],
    // What a relying party may ask for unless registered with --scope.
    scope: DEFAULT_RELYING_PARTY_SCOPES.join(' '),
    token_endpoint_auth_method: isPublic ? 'none' : (authMethod ?? 'client_secret_basic'),
  };
  const metadata = applyClientSettings(base, settings, deps.acrValues);
  if (await deps.clients.find(clientId)) throw new DomainError('duplicate', `a client ${clientId} already exists`, { field: 'clientId' });
  if (secret !== undefined && secret.length < 32) {
    throw new DomainError('invalid_input', 'a client secret must be at least 32 characters', { fields: { secret: 'length' } });
  }
  const registered: ClientMetadata = isPublic ? metadata : { ...metadata, client_secret: secret ?? newClientSecret() };
  await checkWithProvider(deps, registered);
  await deps.clients.save(registered);
  await auditClientAdmin(deps, 'client.registered', clientId, { public: Boolean(isPublic), firstParty: Boolean(input.firstParty), device: Boolean(device) });
  return registered;
}
