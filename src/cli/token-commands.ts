// `pingate token add-totp|add-email`. add-totp assigns a TOTP token and shows its secret once, as text, as an
// otpauth URI and as a QR code to scan with an authenticator app.
import { Option, type Command } from 'commander';
import qrcode from 'qrcode-terminal';
import { normalizeUsername } from '../domain/username.ts';
import type { TotpAlgorithm, TotpParameters } from '../security/totp.ts';
import { enrolTotp } from '../usecases/admin/enrol-totp.ts';
import { enrolEmailToken } from '../usecases/admin/enrol-email-token.ts';
import { issueEnrolmentCode } from '../usecases/admin/issue-enrolment-code.ts';
import type { CommandContext } from './context.ts';
import { registerTokenImportCommand } from './token-import-command.ts';
import { registerTokenLifecycleCommands } from './token-lifecycle-commands.ts';
import { writeJson, writeLine } from './io.ts';
import { integerIn, isJson } from './options.ts';

interface AddTotpOptions {
  readonly secret?: string;
  readonly algorithm?: TotpAlgorithm;
  readonly digits?: '6' | '8';
  readonly period?: number;
}

export function registerTokenCommands(program: Command, context: CommandContext): void {
  const { io, withAdmin } = context;
  const token = program.command('token').description('manage the tokens assigned to accounts');
  registerTokenLifecycleCommands(token, context);
  registerTokenImportCommand(token, context);

  token
    .command('add-totp')
    .description('assign a TOTP token; prints its serial, otpauth URI and a QR code')
    .argument('<username>', 'the account')
    .option('--secret <base32>', 'use this base32 secret (at least 26 characters) instead of a random one')
    .addOption(new Option('--algorithm <name>', 'HMAC algorithm (default from configuration)').choices(['SHA1', 'SHA256', 'SHA512']))
    .addOption(new Option('--digits <n>', 'code length (default from configuration)').choices(['6', '8']))
    .option('--period <seconds>', 'time step in seconds, 15-120 (default from configuration)', integerIn(15, 120))
    .action(async (username: string, options: AddTotpOptions, command: Command) => {
      const parameters: Partial<TotpParameters> = {
        ...(options.algorithm ? { algorithm: options.algorithm } : {}),
        ...(options.digits ? { digits: options.digits === '8' ? 8 : 6 } : {}),
        ...(options.period !== undefined ? { period: options.period } : {}),
      };
      const { token: record, secret, otpauthUri } = await withAdmin((admin) =>
        enrolTotp(admin, { username, secret: options.secret, parameters }),
      );
      const name = normalizeUsername(username);
      if (isJson(command)) {
        writeJson(io.stdout, {
          serial: record.serial,
          username: name,
          algorithm: record.algorithm,
          digits: record.digits,
          period: record.period,
          secret,
          otpauthUri,
        });
        return;
      }
      writeLine(io.stdout, `TOTP token ${record.serial} assigned to ${name} (${record.algorithm}, ${record.digits} digits, ${record.period} s).`);
      writeLine(io.stdout, `Secret:       ${secret}`);
      writeLine(io.stdout, `otpauth URI:  ${otpauthUri}`);
      writeLine(io.stdout, 'Scan this with an authenticator app; the secret is not shown again:');
      qrcode.generate(otpauthUri, { small: true }, (code) => writeLine(io.stdout, code));
    });

  token
    .command('enrolment-code')
    .description('a one-time code that lets a user without a token (and without email) enrol a TOTP token at the next sign-in')
    .argument('<username>', 'the account')
    .action(async (username: string, _options: unknown, command: Command) => {
      const { code, expiresAt } = await withAdmin((admin) => issueEnrolmentCode(admin, username));
      if (isJson(command)) writeJson(io.stdout, { username: normalizeUsername(username), code, expiresAt });
      else writeLine(io.stdout, `Enrolment code for ${normalizeUsername(username)}: ${code} (valid until ${expiresAt.toISOString()}, once). Give it to the user by a trusted channel.`);
    });

  token
    .command('add-email')
    .description("assign an email token: codes are emailed on demand to the account's address after its PIN")
    .argument('<username>', 'the account (must have an email address)')
    .action(async (username: string, _options: unknown, command: Command) => {
      const record = await withAdmin((admin) => enrolEmailToken(admin, username));
      if (isJson(command)) writeJson(io.stdout, { serial: record.serial, username: normalizeUsername(username), type: 'email' });
      else writeLine(io.stdout, `Email token ${record.serial} assigned to ${normalizeUsername(username)}.`);
    });
}
