// `pingate client add|add-service`: registers a relying party or a client of the administration
// API. A confidential client's secret is printed once here and stored sealed; a public client
// (--public) has none and must use PKCE. What follows registration: client-lifecycle-commands.ts.
import { Option, type Command } from 'commander';
import { registerClient } from '../usecases/admin/register-client.ts';
import { registerServiceClient } from '../usecases/admin/register-service-client.ts';
import { registerClientLifecycleCommands } from './client-lifecycle-commands.ts';
import { withClientSettingOptions } from './client-options.ts';
import type { CommandContext } from './context.ts';
import { writeJson, writeLine } from './io.ts';
import { collect, collectList, isJson } from './options.ts';

interface AddOptions {
  readonly redirectUri?: string[];
  readonly device?: boolean;
  readonly postLogoutRedirectUri?: string[];
  readonly public?: boolean;
  readonly firstParty?: boolean;
  readonly name?: string;
  readonly secret?: string;
  readonly authMethod?: 'client_secret_basic' | 'client_secret_post';
  readonly backchannelLogoutUri?: string;
  readonly maxAge?: number;
  readonly defaultAcr?: string;
  readonly scope?: string[];
}

export function registerClientCommands(program: Command, context: CommandContext): void {
  const { io, withAdmin } = context;
  const client = program.command('client').description('manage OpenID Connect clients (relying parties) and clients of the administration API');

  const add = client
    .command('add')
    .description('register a client; prints its id and, for a confidential client, its secret (once)')
    .argument('<client-id>', '3-128 letters, digits or . _ : -')
    .option('--redirect-uri <uri>', 'where the client receives the authorization response; repeatable (required unless --device)', collect)
    .option('--device', 'a device that signs in with the device authorization grant (the user enters its code at /device)')
    .option('--public', 'a public client (browser or native app): no secret, PKCE only')
    .addOption(new Option('--secret <secret>', 'use this client secret (at least 32 characters) instead of a generated one').conflicts('public'))
    .addOption(
      new Option('--auth-method <method>', 'how the confidential client authenticates at the token endpoint')
        .choices(['client_secret_basic', 'client_secret_post'])
        .conflicts('public'),
    );
  withClientSettingOptions(add)
    .action(async (clientId: string, options: AddOptions, command: Command) => {
      const metadata = await withAdmin((admin) =>
        registerClient(admin, {
          clientId,
          name: options.name,
          redirectUris: options.redirectUri ?? [],
          device: options.device,
          postLogoutRedirectUris: options.postLogoutRedirectUri,
          public: options.public,
          firstParty: options.firstParty,
          secret: options.secret,
          authMethod: options.authMethod,
          backchannelLogoutUri: options.backchannelLogoutUri,
          maxAge: options.maxAge,
          defaultAcr: options.defaultAcr,
          scopes: options.scope,
        }),
      );
      if (isJson(command)) {
        writeJson(io.stdout, {
          client_id: metadata.client_id,
          ...(metadata.client_secret ? { client_secret: metadata.client_secret } : {}),
          token_endpoint_auth_method: metadata.token_endpoint_auth_method,
          redirect_uris: metadata.redirect_uris,
          ...(metadata.post_logout_redirect_uris ? { post_logout_redirect_uris: metadata.post_logout_redirect_uris } : {}),
          first_party: metadata.first_party === true,
          ...(metadata.default_max_age !== undefined ? { default_max_age: metadata.default_max_age } : {}),
          ...(metadata.default_acr_values !== undefined ? { default_acr_values: metadata.default_acr_values } : {}),
        });
        return;
      }
      const kind = metadata.client_secret ? `confidential, ${metadata.token_endpoint_auth_method}` : 'public, PKCE';
      writeLine(io.stdout, `Client ${metadata.client_id} registered (${kind}).`);
      writeLine(io.stdout, `Client ID:      ${metadata.client_id}`);
      if (metadata.client_secret) {
        writeLine(io.stdout, `Client secret:  ${metadata.client_secret}`);
        writeLine(io.stdout, 'The secret is stored encrypted and is not shown again: copy it into the client now.');
      }
    });

  client
    .command('add-service')
    .description('register a client of the administration API (client credentials grant); prints its secret once')
    .argument('<client-id>', '3-128 letters, digits or . _ : -')
    .requiredOption('--scope <scope>', 'admin, helpdesk or validate; repeat or comma-separate for several', collectList)
    .option('--name <name>', 'a name for the audit trail (and, for validate, the caller named in its answers)')
    .option('--network <cidr>', 'validate: a network it may call from (10.0.0.0/24, 192.0.2.7); repeat or comma-separate', collectList, [])
    .option('--without-secret', 'validate: calls from those networks need no credentials (plugins that cannot send any)')
    .action(async (clientId: string, options: { scope: string[]; name?: string; network: string[]; withoutSecret?: boolean }, command: Command) => {
      const metadata = await withAdmin((admin) =>
        registerServiceClient(admin, { clientId, name: options.name, scopes: options.scope, networks: options.network, withoutSecret: options.withoutSecret === true }),
      );
      if (isJson(command)) {
        writeJson(io.stdout, { client_id: metadata.client_id, client_secret: metadata.client_secret, scope: metadata.scope });
        return;
      }
      writeLine(io.stdout, `Service client ${metadata.client_id} registered (scope: ${String(metadata.scope)}).`);
      writeLine(io.stdout, `Client secret:  ${metadata.client_secret}`);
      writeLine(io.stdout, 'Get a token: POST /token with grant_type=client_credentials and scope, authenticating with HTTP Basic.');
    });

  registerClientLifecycleCommands(client, context);
}
