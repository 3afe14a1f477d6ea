// Client administration after registration: list, show, change, disable/enable, remove. The same
// actions serve relying parties and clients of the administration API. Disabling or removing a
// client revokes every grant, code and token issued to it; a disabled client is unknown to the
// provider (no sign-in, no token, no use of a token) until it is enabled again.
import { DomainError } from '../../domain/errors.ts';
import type { RegisteredClient } from '../ports.ts';
import { auditClientAdmin } from './audit.ts';
import { applyClientSettings, checkWithProvider, clientKind, type ClientSettings } from './client-metadata.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator } from './find-account.ts';

export async function requireClient(deps: AdminDependencies, clientId: string): Promise<RegisteredClient> {
  requireAdministrator(deps, 'manage clients');
  const client = await deps.clients.find(clientId);
  if (!client) throw new DomainError('not_found', `no client ${clientId}`, { clientId });
  return client;
}

export function listClients(deps: AdminDependencies): Promise<readonly RegisteredClient[]> {
  requireAdministrator(deps, 'manage clients');
  return deps.clients.list();
}

/** Saves a change over the revision it was made from: of two racing changes (a rotation and an
 * update, say), the second fails instead of undoing the first. */
export async function saveClientChange(deps: AdminDependencies, next: RegisteredClient): Promise<RegisteredClient> {
  if (!(await deps.clients.replace(next))) {
    throw new DomainError('conflict', `client ${next.metadata.client_id} was changed or removed meanwhile; nothing was saved, try again`);
  }
  return { ...next, revision: next.revision + 1 };
}

export async function updateClient(deps: AdminDependencies, clientId: string, settings: ClientSettings): Promise<RegisteredClient> {
  const client = await requireClient(deps, clientId);
  const fields = Object.entries(settings).filter(([, value]) => value !== undefined).map(([field]) => field).sort();
  if (fields.length === 0) throw new DomainError('invalid_input', 'nothing to change', { fields: { '(body)': 'empty' } });
  if (clientKind(client.metadata) === 'service' && fields.some((field) => field !== 'name')) {
    throw new DomainError('invalid_input', 'a service client has only its name to change', { fields: Object.fromEntries(fields.filter((f) => f !== 'name').map((f) => [f, 'not for a service client'])) });
  }
  const metadata = applyClientSettings(client.metadata, settings, deps.acrValues);
  await checkWithProvider(deps, metadata);
  const saved = await saveClientChange(deps, { ...client, metadata });
  await auditClientAdmin(deps, 'client.updated', clientId, { fields: fields.join(',') });
  return saved;
}

/** Disabling hides the client from the provider first, so nothing new is issued to it, then
 * revokes what was. (Another provider process may hold the client in its cache for up to a
 * second; what it issues then is refused at its first use, which needs the client.) */
export async function setClientEnabled(deps: AdminDependencies, clientId: string, enabled: boolean): Promise<{ client: RegisteredClient; tokens: number }> {
  if (!enabled) refuseSelf(deps, clientId, 'disable');
  const client = await requireClient(deps, clientId);
  if (client.enabled === enabled) return { client, tokens: 0 };
  const saved = await saveClientChange(deps, { ...client, enabled });
  if (enabled) {
    await auditClientAdmin(deps, 'client.enabled', clientId);
    return { client: saved, tokens: 0 };
  }
  const tokens = await deps.sessions.revokeForClient(clientId, 'all');
  await auditClientAdmin(deps, 'client.disabled', clientId, { tokens });
  return { client: saved, tokens };
}

/** Removes the client first, then what was issued to it: if the second step fails, what is left
 * belongs to no client and can never be used. */
export async function removeClient(deps: AdminDependencies, clientId: string): Promise<{ tokens: number }> {
  refuseSelf(deps, clientId, 'remove');
  if (!(await deps.clients.remove(clientId))) throw new DomainError('not_found', `no client ${clientId}`, { clientId });
  const tokens = await deps.sessions.revokeForClient(clientId, 'all');
  await auditClientAdmin(deps, 'client.removed', clientId, { tokens });
  return { tokens };
}

/** A client of the administration API may not shut itself out: it would lose its access in the
 * middle of its own request, and with it perhaps the last way in through the API. */
function refuseSelf(deps: AdminDependencies, clientId: string, action: string): void {
  if (deps.actor.type === 'client' && deps.actor.id === clientId) {
    throw new DomainError('forbidden', `a client cannot ${action} itself: use another admin client, or the pingate command`, { clientId });
  }
}
