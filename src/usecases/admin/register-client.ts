// Registers a relying party: confidential (with a generated secret) or public (PKCE only).
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { ClientMetadata } from '../ports.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';

export interface RegisterClientInput {
  readonly clientId: string;
  readonly name?: string | undefined;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[] | undefined;
  readonly public?: boolean | undefined;
  readonly firstParty?: boolean | undefined;
  /** A given secret (e.g. one already configured in Keycloak); generated when absent. */
  readonly secret?: string | undefined;
  readonly backchannelLogoutUri?: string | undefined;
  /** How a confidential client authenticates at the token endpoint (Keycloak defaults to post). */
  readonly authMethod?: 'client_secret_basic' | 'client_secret_post' | undefined;
}

export async function registerClient(deps: AdminDependencies, input: RegisterClientInput): Promise<ClientMetadata> {
  if (!/^[A-Za-z0-9._:-]{3,128}$/.test(input.clientId)) {
    throw new DomainError('invalid_input', 'client id: 3-128 letters, digits or . _ : -', { fields: { clientId: 'format' } });
  }
  if (input.redirectUris.length === 0) throw new DomainError('invalid_input', 'at least one redirect URI is required', { fields: { redirectUris: 'missing' } });
  for (const uri of [...input.redirectUris, ...(input.postLogoutRedirectUris ?? [])]) {
    if (!URL.canParse(uri)) throw new DomainError('invalid_input', `malformed redirect URI: ${uri}`, { fields: { redirectUris: uri } });
  }
  if (await deps.clients.find(input.clientId)) throw new DomainError('duplicate', `a client ${input.clientId} already exists`, { field: 'clientId' });
  if (input.secret !== undefined && input.secret.length < 32) {
    throw new DomainError('invalid_input', 'a client secret must be at least 32 characters', { fields: { secret: 'length' } });
  }

  const metadata: ClientMetadata = {
    client_id: input.clientId,
    ...(input.name ? { client_name: input.name } : {}),
    redirect_uris: [...input.redirectUris],
    ...(input.postLogoutRedirectUris?.length ? { post_logout_redirect_uris: [...input.postLogoutRedirectUris] } : {}),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    // What a relying party may ask for; the admin API's scopes are not among them.
    scope: 'openid offline_access profile email groups',
    token_endpoint_auth_method: input.public ? 'none' : (input.authMethod ?? 'client_secret_basic'),
    ...(input.public ? {} : { client_secret: input.secret ?? randomBytes(32).toString('base64url') }),
    ...(input.firstParty ? { first_party: true } : {}),
    ...(input.backchannelLogoutUri ? { backchannel_logout_uri: input.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
  };
  try {
    await deps.validateClient(metadata);
  } catch (error) {
    throw new DomainError('invalid_input', `invalid client: ${(error as { error_description?: string }).error_description ?? (error as Error).message}`);
  }
  await deps.clients.save(metadata);
  await auditAdmin(deps, 'client.registered', null, { clientId: metadata.client_id, public: Boolean(input.public), firstParty: Boolean(input.firstParty) });
  return metadata;
}
