// The settings `client add` and `client update` both take, declared once so that they mean the
// same in both (and in their help).
import type { Command } from 'commander';
import { DEFAULT_RELYING_PARTY_SCOPES, MAX_AGE_LIMIT, RELYING_PARTY_SCOPES } from '../usecases/admin/client-metadata.ts';
import { collect, collectList, integerIn } from './options.ts';

export function withClientSettingOptions(command: Command): Command {
  return command
    .option('--name <name>', 'the name shown to users')
    .option('--post-logout-redirect-uri <uri>', 'where the client may send the user after logout; repeatable', collect)
    .option('--first-party', 'a first-party application: no consent screen')
    .option('--backchannel-logout-uri <uri>', 'where the provider posts logout tokens')
    .option('--max-age <seconds>', `a sign-in older than this is not reused for the client (0-${MAX_AGE_LIMIT})`, integerIn(0, MAX_AGE_LIMIT))
    .option('--default-acr <acr>', "the acr required when the client asks for none (one of the provider's)")
    .option('--scope <scope>', `scopes the client may ask for, repeatable or comma-separated (of ${RELYING_PARTY_SCOPES.join(', ')}; openid always; default ${DEFAULT_RELYING_PARTY_SCOPES.join(' ')})`, collectList);
}
