// The console's client pages, for administrators only (the use cases refuse anyone else too):
// every relying party and service client, and one client's settings with its actions. Secrets
// are never shown here: registering and rotating show a new one once.
import type Router from '@koa/router';
import { DomainError } from '../../domain/errors.ts';
import { listClients, requireClient } from '../../usecases/admin/manage-clients.ts';
import { clientJson } from '../../usecases/admin/client-representation.ts';
import type { Middleware } from 'koa';
import { consoleUserOf } from './console-auth.ts';
import { CONSOLE_ACTIONS } from './console-actions.ts';
import { doneNotice, renderConsole } from './render.ts';

const NOTICES: ReadonlySet<string> = new Set(CONSOLE_ACTIONS.filter((action) => action.target === 'client' || action.name.includes('client')).map((action) => action.name));

const administratorsOnly: Middleware = async (ctx, next) => {
  if (consoleUserOf(ctx as never).role !== 'admin') throw new DomainError('forbidden', 'only an administrator may manage clients', { messageId: 'console.admin_only' });
  await next();
};

export function mountClientPages(router: Router): void {
  router.get('/clients', administratorsOnly, async (ctx) => {
    const clients = (await listClients(consoleUserOf(ctx).admin)).map(clientJson).sort((a, b) => a.clientId.localeCompare(b.clientId));
    await renderConsole(ctx, 'clients.njk', 'clients', { titleKey: 'console.clients.title', notice: doneNotice(ctx, NOTICES), clients });
  });

  router.get('/clients/:clientId', administratorsOnly, async (ctx) => {
    const client = clientJson(await requireClient(consoleUserOf(ctx).admin, ctx.params.clientId!));
    const actions = CONSOLE_ACTIONS.filter((action) => action.target === 'client')
      .filter((action) => (action.name === 'disable_client' ? client.enabled : action.name === 'enable_client' ? !client.enabled : action.name === 'rotate_client_secret' ? client.tokenEndpointAuthMethod !== 'none' : action.name === 'update_client' ? client.kind === 'oidc' : true))
      .map((action) => ({ name: action.name, destructive: action.destructive }));
    await renderConsole(ctx, 'client.njk', 'clients', { title: client.name ?? client.clientId, notice: doneNotice(ctx, NOTICES), client, actions });
  });
}
