// Registers a client of the administration API: a confidential client that gets access tokens
// with the client credentials grant, limited to the scopes given here (admin and/or helpdesk).
import { DomainError } from '../../domain/errors.ts';
import type { ClientMetadata } from '../ports.ts';
import { auditClientAdmin } from './audit.ts';
import { checkClientId, checkWithProvider, newClientSecret } from './client-metadata.ts';
import type { AdminDependencies } from './dependencies.ts';

export const ADMIN_SCOPES = ['admin', 'helpdesk'] as const;
export type AdminScope = (typeof ADMIN_SCOPES)[number];

export async function registerServiceClient(
  deps: AdminDependencies,
  input: { clientId: string; name?: string | undefined; scopes: readonly string[] },
): Promise<ClientMetadata> {
  checkClientId(input.clientId);
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0 || scopes.some((s) => !(ADMIN_SCOPES as readonly string[]).includes(s))) {
    throw new DomainError('invalid_input', 'scopes: one or both of admin, helpdesk', { fields: { scopes: 'invalid' } });
  }
  if (await deps.clients.find(input.clientId)) throw new DomainError('duplicate', `a client ${input.clientId} already exists`, { field: 'clientId' });
  const metadata: ClientMetadata = {
    client_id: input.clientId,
    ...(input.name ? { client_name: input.name } : {}),
    client_secret: newClientSecret(),
    redirect_uris: [],
    grant_types: ['client_credentials'],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: scopes.join(' '),
  };
  await checkWithProvider(deps, metadata);
  await deps.clients.save(metadata);
  await auditClientAdmin(deps, 'client.registered', metadata.client_id, { scopes: metadata.scope as string });
  return metadata;
}
