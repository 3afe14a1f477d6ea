// Gives a confidential client a new secret, answered this once and stored sealed; the old one
// stops working at once (in other provider processes within the second they cache a client).
// The access tokens the client got with its old secret alone (client credentials) are revoked
// with it. Users' grants and tokens stay: refreshing them needs the client's secret, the new one.
import { DomainError } from '../../domain/errors.ts';
import { auditClientAdmin } from './audit.ts';
import { newClientSecret } from './client-metadata.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireClient, saveClientChange } from './manage-clients.ts';

export async function rotateClientSecret(deps: AdminDependencies, clientId: string): Promise<{ clientId: string; clientSecret: string }> {
  const client = await requireClient(deps, clientId);
  if (client.metadata.token_endpoint_auth_method === 'none') {
    throw new DomainError('conflict', `client ${clientId} is public: it has no secret to rotate`, { clientId });
  }
  const clientSecret = newClientSecret();
  await saveClientChange(deps, { ...client, metadata: { ...client.metadata, client_secret: clientSecret } });
  const tokens = await deps.sessions.revokeForClient(clientId, 'credentials');
  await auditClientAdmin(deps, 'client.secret_rotated', clientId, { tokens });
  return { clientId, clientSecret };
}
