// The helpdesk gives a user without a token a one-time enrolment code, read out over the phone:
// at the next sign-in it lets them enrol a TOTP token. It is the only way back for an account
// whose token was disabled or removed (and for one without email). Stored as a keyed hash.
import { createHmac, randomInt } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireManageableAccount } from './find-account.ts';

export const hashEnrolmentCode = (key: Buffer, accountId: string, code: string): string =>
  createHmac('sha256', key).update(`enrolment:${accountId}:${code.replace(/[\s-]/g, '')}`).digest('base64url');

export async function issueEnrolmentCode(deps: AdminDependencies, username: string): Promise<{ code: string; expiresAt: Date }> {
  const account = await requireManageableAccount(deps, username);
  if (await deps.tokens.findActiveForAccount(account.id)) {
    throw new DomainError('conflict', `${account.username} already has a token; enrolment codes are for accounts without one`);
  }
  let digits = '';
  for (let i = 0; i < 12; i++) digits += String(randomInt(10));
  const expiresAt = new Date(deps.clock.now().getTime() + deps.enrolmentCodeTtlHours * 3_600_000);
  await deps.accounts.setEnrolmentCode(account.id, hashEnrolmentCode(deps.codeKey, account.id, digits), expiresAt);
  await auditAdmin(deps, 'enrolment_code.issued', account, { expiresAt: expiresAt.toISOString() });
  // Grouped for reading aloud: 1234-5678-9012.
  return { code: digits.match(/.{4}/g)!.join('-'), expiresAt };
}
