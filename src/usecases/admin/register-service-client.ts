// Registers a service client: a confidential client that gets access tokens with the client
// credentials grant, limited to the scopes given here: admin and/or helpdesk (the administration
// API), validate (the validate API). A validate client may be limited to networks, and allowed
// to call from them without a secret (plugins that cannot send one).
import { DomainError } from '../../domain/errors.ts';
import type { ClientMetadata } from '../ports.ts';
import { networkList, VALIDATE_NETWORKS, VALIDATE_SCOPE, VALIDATE_WITHOUT_SECRET } from '../validate/callers.ts';
import { auditClientAdmin } from './audit.ts';
import { checkClientId, checkWithProvider, newClientSecret } from './client-metadata.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator } from './find-account.ts';

export const ADMIN_SCOPES = ['admin', 'helpdesk'] as const;
export type AdminScope = (typeof ADMIN_SCOPES)[number];
export const SERVICE_SCOPES = [...ADMIN_SCOPES, VALIDATE_SCOPE] as const;

export interface ServiceClientInput {
  readonly clientId: string;
  readonly name?: string | undefined;
  readonly scopes: readonly string[];
  /** validate only: the networks it may call from (CIDR or addresses). */
  readonly networks?: readonly string[] | undefined;
  /** validate only: from those networks, without credentials. */
  readonly withoutSecret?: boolean | undefined;
}

export async function registerServiceClient(deps: AdminDependencies, input: ServiceClientInput): Promise<ClientMetadata> {
  requireAdministrator(deps, 'manage clients');
  checkClientId(input.clientId);
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0 || scopes.some((s) => !(SERVICE_SCOPES as readonly string[]).includes(s))) {
    throw new DomainError('invalid_input', 'scopes: one or more of admin, helpdesk, validate', { fields: { scopes: 'invalid' } });
  }
  const networks = [...new Set(input.networks ?? [])];
  checkValidateOptions(scopes, networks, input.withoutSecret === true);
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
    ...(networks.length > 0 ? { [VALIDATE_NETWORKS]: networks } : {}),
    ...(input.withoutSecret ? { [VALIDATE_WITHOUT_SECRET]: true } : {}),
  };
  await checkWithProvider(deps, metadata);
  await deps.clients.save(metadata);
  await auditClientAdmin(deps, 'client.registered', metadata.client_id, { scopes: metadata.scope as string });
  return metadata;
}

function checkValidateOptions(scopes: readonly string[], networks: readonly string[], withoutSecret: boolean): void {
  // A RADIUS server or a PAM host keeps its secret where many can read it: that secret must not
  // also get administration tokens.
  if (scopes.includes(VALIDATE_SCOPE) && scopes.length > 1) {
    throw new DomainError('invalid_input', 'validate is a scope of its own: register separate clients for the administration API', { fields: { scopes: 'invalid' } });
  }
  if ((networks.length > 0 || withoutSecret) && !scopes.includes(VALIDATE_SCOPE)) {
    throw new DomainError('invalid_input', 'networks and without-secret are for validate clients', { fields: { networks: 'invalid' } });
  }
  try {
    networkList(networks);
  } catch (error) {
    throw new DomainError('invalid_input', (error as Error).message, { fields: { networks: 'invalid' } });
  }
  if (withoutSecret && networks.length === 0) {
    throw new DomainError('invalid_input', 'a client without a secret must name its networks', { fields: { networks: 'required' } });
  }
  if (withoutSecret && networks.some((n) => /\/0$/.test(n))) {
    throw new DomainError('invalid_input', 'a client without a secret cannot be open to every address', { fields: { networks: 'invalid' } });
  }
}
