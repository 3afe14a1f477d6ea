// `pingate client list|show|update|disable|enable|remove|rotate-secret`: the life of a client
// after `client add` or `client add-service`, relying parties and service clients alike.
import type { Command } from 'commander';
import type { ClientSettings } from '../usecases/admin/client-metadata.ts';
import { clientJson, type ClientJson } from '../usecases/admin/client-representation.ts';
import { listClients, removeClient, requireClient, setClientEnabled, updateClient } from '../usecases/admin/manage-clients.ts';
import { rotateClientSecret } from '../usecases/admin/rotate-client-secret.ts';
import { confirmByName } from './confirm.ts';
import type { CommandContext } from './context.ts';
import { CliError } from './errors.ts';
import { writeJson, writeLine } from './io.ts';
import { collect, isJson } from './options.ts';
import { withClientSettingOptions } from './client-options.ts';
import { formatTable } from './table.ts';

/** Options of `client update`; false is a --no-... option: the setting is cleared. */
interface UpdateOptions {
  readonly name?: string;
  readonly redirectUri?: string[];
  readonly postLogoutRedirectUri?: string[] | false;
  readonly backchannelLogoutUri?: string | false;
  readonly firstParty?: boolean;
  readonly maxAge?: number | false;
  readonly defaultAcr?: string | false;
  readonly scope?: string[];
}

const cleared = <T>(value: T | false | undefined): T | null | undefined => (value === false ? null : value);

export function registerClientLifecycleCommands(client: Command, { io, withAdmin }: CommandContext): void {
  const printClient = (command: Command, shown: ClientJson, headline?: string) => {
    if (isJson(command)) writeJson(io.stdout, shown);
    else {
      if (headline) writeLine(io.stdout, headline);
      writeLine(io.stdout, clientTable(shown));
    }
  };

  client
    .command('list')
    .description('every client, relying parties (kind oidc) and service clients, enabled or not')
    .action(async (_options: unknown, command: Command) => {
      const clients = (await withAdmin((admin) => listClients(admin))).map(clientJson);
      if (isJson(command)) writeJson(io.stdout, clients);
      else if (clients.length === 0) writeLine(io.stdout, 'No clients.');
      else {
        const rows = clients.map((c) => [c.clientId, c.kind, c.enabled ? 'enabled' : 'disabled', c.name ?? '', c.scopes.join(' '), c.redirectUris.join(' ')]);
        writeLine(io.stdout, formatTable(['CLIENT ID', 'KIND', 'STATUS', 'NAME', 'SCOPES', 'REDIRECT URIS'], rows));
      }
    });

  client
    .command('show')
    .description('one client and its settings (never its secret)')
    .argument('<client-id>')
    .action(async (clientId: string, _options: unknown, command: Command) => {
      printClient(command, clientJson(await withAdmin((admin) => requireClient(admin, clientId))));
    });

  const update = client
    .command('update')
    .description("change a client's settings (a service client: its name only); lists given replace the old ones")
    .argument('<client-id>')
    .option('--redirect-uri <uri>', 'replaces the redirect URIs; repeatable', collect);
  withClientSettingOptions(update)
    .option('--no-post-logout-redirect-uri', 'no post-logout redirect URI')
    .option('--no-first-party', 'a third-party application: users consent')
    .option('--no-backchannel-logout-uri', 'no back-channel logout')
    .option('--no-max-age', 'no limit of its own on the sign-in age')
    .option('--no-default-acr', 'no default acr')
    .action(async (clientId: string, options: UpdateOptions, command: Command) => {
      const settings: ClientSettings = {
        name: options.name,
        redirectUris: options.redirectUri,
        postLogoutRedirectUris: cleared(options.postLogoutRedirectUri),
        backchannelLogoutUri: cleared(options.backchannelLogoutUri),
        firstParty: options.firstParty,
        maxAge: cleared(options.maxAge),
        defaultAcr: cleared(options.defaultAcr),
        scopes: options.scope,
      };
      if (Object.values(settings).every((value) => value === undefined)) throw new CliError('nothing to change: give at least one option (see --help)');
      const updated = await withAdmin((admin) => updateClient(admin, clientId, settings));
      printClient(command, clientJson(updated), `Client ${clientId} updated.`);
    });

  client
    .command('disable')
    .description('disable a client: it is refused everywhere, and every grant and token issued to it is revoked')
    .argument('<client-id>')
    .action(async (clientId: string, _options: unknown, command: Command) => {
      const { client: disabled, tokens } = await withAdmin((admin) => setClientEnabled(admin, clientId, false));
      printClient(command, clientJson(disabled), `Client ${clientId} disabled; ${tokens} grant(s), code(s) and token(s) revoked.`);
    });

  client
    .command('enable')
    .description('enable a disabled client again (its users sign in to it again)')
    .argument('<client-id>')
    .action(async (clientId: string, _options: unknown, command: Command) => {
      const { client: enabled } = await withAdmin((admin) => setClientEnabled(admin, clientId, true));
      printClient(command, clientJson(enabled), `Client ${clientId} enabled.`);
    });

  client
    .command('remove')
    .description('remove a client and revoke every grant and token issued to it')
    .argument('<client-id>')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (clientId: string, options: { yes?: boolean }, command: Command) => {
      if (!options.yes) {
        await withAdmin((admin) => requireClient(admin, clientId));
        await confirmByName(io, `Removing client ${clientId} revokes every grant and token issued to it`, clientId);
      }
      const { tokens } = await withAdmin((admin) => removeClient(admin, clientId));
      if (isJson(command)) writeJson(io.stdout, { clientId, removed: true, tokens });
      else writeLine(io.stdout, `Client ${clientId} removed; ${tokens} grant(s), code(s) and token(s) revoked.`);
    });

  client
    .command('rotate-secret')
    .description("give a confidential client a new secret (shown once); the old one stops working at once")
    .argument('<client-id>')
    .action(async (clientId: string, _options: unknown, command: Command) => {
      const rotated = await withAdmin((admin) => rotateClientSecret(admin, clientId));
      if (isJson(command)) {
        writeJson(io.stdout, rotated);
        return;
      }
      writeLine(io.stdout, `Client ${clientId} has a new secret; the old one no longer works.`);
      writeLine(io.stdout, `Client secret:  ${rotated.clientSecret}`);
      writeLine(io.stdout, 'The secret is stored encrypted and is not shown again: copy it into the client now.');
    });
}

function clientTable(c: ClientJson): string {
  const authentication = c.tokenEndpointAuthMethod === 'none' ? 'public, PKCE' : `confidential, ${c.tokenEndpointAuthMethod}`;
  const lines: Array<[string, string]> = [
    ['client id', c.clientId],
    ['kind', c.kind],
    ['name', c.name ?? '-'],
    ['status', c.enabled ? 'enabled' : 'disabled'],
    ['authentication', authentication],
    ['scopes', c.scopes.join(' ') || '-'],
  ];
  if (c.kind === 'oidc') {
    lines.push(
      ['redirect URIs', c.redirectUris.join(' ')],
      ['post-logout URIs', c.postLogoutRedirectUris.join(' ') || '-'],
      ['back-channel logout', c.backchannelLogoutUri ?? '-'],
      ['first party', c.firstParty ? 'yes' : 'no'],
      ['max age', c.maxAge === null ? '-' : `${c.maxAge} s`],
      ['default acr', c.defaultAcr ?? '-'],
    );
  } else if (c.scopes.includes('validate')) {
    lines.push(['validate networks', c.validateNetworks.join(' ') || 'anywhere'], ['without secret', c.validateNetworkOnly ? 'yes' : 'no']);
  }
  return formatTable(['FIELD', 'VALUE'], lines);
}
