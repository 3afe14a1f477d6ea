// `pingate keys list|rotate|retire`: the ID-token signing keys (docs/operations.md, "Signing
// keys"). Changes apply when the provider processes restart.
import type { Command } from 'commander';
import type { SigningAlgorithm } from '../domain/signing-keys.ts';
import { newSigningJwk } from '../security/secrets.ts';
import { listSigningKeys, retireSigningKey, rotateSigningKey, type SigningKeyDependencies } from '../usecases/keys/manage-signing-keys.ts';
import type { CommandContext, OpenedDatabase } from './context.ts';
import { CliError } from './errors.ts';
import { writeJson, writeLine } from './io.ts';
import { isJson } from './options.ts';
import { formatTable } from './table.ts';
import { systemClock } from '../usecases/ports.ts';

const RESTART = 'Restart the provider processes one at a time (SIGTERM lets each finish its requests): they sign with the new key from their restart on.';

function keyDependencies({ config, secrets, secretBox, storage, operator, audit }: OpenedDatabase): SigningKeyDependencies {
  return {
    signingKeys: storage.signingKeys,
    secretBox,
    clock: systemClock,
    environmentJwks: secrets.jwks,
    generateKey: newSigningJwk,
    tokenLifetimeSeconds: config.oidc.ttl.idToken,
    audit,
    actor: operator,
  };
}

function algorithm(value: string): SigningAlgorithm {
  if (value === 'RS256' || value === 'ES256') return value;
  throw new CliError(`--alg must be RS256 or ES256, not ${value}`);
}

export function registerKeyCommands(program: Command, { io, withStorage }: CommandContext): void {
  const keys = program.command('keys').description('the ID-token signing keys: list, rotate, retire');

  keys
    .command('list')
    .description('the signing keys in the JWKS: the one signing per algorithm, the next, the previous')
    .action(async (_options: unknown, command: Command) => {
      const listed = await withStorage((opened) => listSigningKeys(keyDependencies(opened)));
      if (isJson(command)) {
        writeJson(io.stdout, listed);
        return;
      }
      writeLine(io.stdout, formatTable(['KID', 'ALG', 'STATE', 'SINCE', 'SOURCE'], listed.map((key) => [key.kid, key.alg, key.state, key.since.toISOString(), key.source])));
    });

  keys
    .command('rotate')
    .description('the next key of an algorithm signs, the signing one stays published until retired, and a new next key is published')
    .option('--alg <alg>', 'RS256 or ES256: the algorithm of the ID tokens (oidc.idTokenSigningAlg)')
    .action(async (options: { alg?: string }, command: Command) => {
      const result = await withStorage(async (opened) => rotateSigningKey(keyDependencies(opened), algorithm(options.alg ?? opened.config.oidc.idTokenSigningAlg)));
      if (isJson(command)) {
        writeJson(io.stdout, result);
        return;
      }
      writeLine(io.stdout, `Signing: ${result.promoted}${result.demoted ? `; ${result.demoted} stays published until you retire it` : ''}; next: ${result.staged}.`);
      if (!result.wasStaged) writeLine(io.stdout, 'No key was published ahead of this one: a relying party meets its kid before its cached JWKS has it, and fetches the JWKS again (openid-client, mod_auth_openidc and Keycloak do). The next rotation uses the key just published.');
      writeLine(io.stdout, RESTART);
    });

  keys
    .command('retire')
    .description('remove a key that no longer signs from the JWKS (tokens it signed stop verifying)')
    .argument('<kid>')
    .option('--force', 'even when tokens it signed may still be valid')
    .action(async (kid: string, options: { force?: boolean }, command: Command) => {
      await withStorage((opened) => retireSigningKey(keyDependencies(opened), kid, { force: options.force ?? false }));
      if (isJson(command)) writeJson(io.stdout, { retired: kid });
      else writeLine(io.stdout, `Retired ${kid}. ${RESTART.replace('sign with the new key', 'stop publishing it')}`);
    });
}
