// Assigns a TOTP token to an account: a new random secret, or a given base32 secret (for
// tokens provisioned elsewhere). The secret is sealed before it is stored and returned once.
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { isAcceptableTotpSecret, newTotpSecret, otpauthUri, type TotpParameters } from '../../security/totp.ts';
import type { TokenRecord } from '../ports.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator, requireManageableAccount } from './find-account.ts';
import { storeTotpToken } from './store-totp-token.ts';

export interface EnrolTotpInput {
  readonly username: string;
  readonly secret?: string | undefined;
  readonly parameters?: Partial<TotpParameters> | undefined;
}

export interface EnrolledTotp {
  readonly token: TokenRecord;
  /** Shown once to the administrator or user; never stored in clear. */
  readonly secret: string;
  readonly otpauthUri: string;
}

export async function enrolTotp(deps: AdminDependencies, input: EnrolTotpInput): Promise<EnrolledTotp> {
  requireAdministrator(deps, 'assign a token');
  const account = await requireManageableAccount(deps, input.username);
  const secret = input.secret ? input.secret.replace(/\s+/g, '').toUpperCase() : newTotpSecret();
  if (!isAcceptableTotpSecret(secret)) {
    throw new DomainError('invalid_input', 'the secret must be base32 and at least 16 bytes (26 characters)', { fields: { secret: 'format' } });
  }
  const parameters: TotpParameters = { ...deps.totpDefaults, ...input.parameters };
  const token = await storeTotpToken(deps, account, { serial: `TOTP${randomBytes(5).toString('hex').toUpperCase()}`, secret, parameters });
  await auditAdmin(deps, 'token.enrolled', account, { serial: token.serial, type: 'totp' });
  return { token, secret, otpauthUri: otpauthUri(secret, parameters, deps.totpIssuer, account.username) };
}
