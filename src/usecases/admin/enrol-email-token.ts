// Assigns an email token: sign-in codes are emailed on demand to the account's address after
// its PIN is accepted. The account must have an email address.
import { randomBytes, randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { TokenRecord } from '../ports.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator, requireManageableAccount } from './find-account.ts';

export async function enrolEmailToken(deps: AdminDependencies, username: string): Promise<TokenRecord> {
  requireAdministrator(deps, 'assign a token');
  const account = await requireManageableAccount(deps, username);
  if (!account.email) throw new DomainError('invalid_input', `${account.username} has no email address`, { fields: { email: 'missing' } });
  await deps.accounts.markHadToken(account.id); // before the token, as in store-totp-token.ts
  const token = await deps.tokens.create(
    {
      id: randomUUID(),
      serial: `EMAIL${randomBytes(5).toString('hex').toUpperCase()}`,
      accountId: account.id,
      type: 'email',
      sealedSecret: null,
      algorithm: 'SHA256',
      digits: deps.totpDefaults.digits,
      period: deps.totpDefaults.period,
    },
    deps.clock.now(),
  );
  await auditAdmin(deps, 'token.enrolled', account, { serial: token.serial, type: 'email' });
  return token;
}
