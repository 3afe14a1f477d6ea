// Token administration: list, disable, delete, and resync a TOTP token whose authenticator's
// clock has drifted, from two consecutive codes.
import { DomainError } from '../../domain/errors.ts';
import { findConsecutiveSteps } from '../../security/totp.ts';
import type { TokenRecord } from '../ports.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { assertManageable, requireAccount, requireAdministrator } from './find-account.ts';
import { endSessions } from '../sessions/end-sessions.ts';

/** How far a resync looks for the two codes: 120 steps of 30 s = an hour either side. */
export const RESYNC_WINDOW_STEPS = 120;

export async function listTokens(deps: AdminDependencies, username: string): Promise<readonly TokenRecord[]> {
  const account = await requireAccount(deps.accounts, username);
  return deps.tokens.listForAccount(account.id);
}

/** The token an administrator is about to change, and its account. */
async function requireToken(deps: AdminDependencies, serial: string) {
  requireAdministrator(deps, 'change a token');
  const token = await deps.tokens.findBySerial(serial);
  if (!token) throw new DomainError('not_found', `no token with serial ${serial}`, { serial });
  const account = await deps.accounts.findById(token.accountId);
  if (account) assertManageable(deps, account);
  return { token, account };
}

export async function setTokenEnabled(deps: AdminDependencies, serial: string, enabled: boolean): Promise<TokenRecord> {
  const { token, account } = await requireToken(deps, serial);
  const state = enabled ? 'ACTIVE' : 'DISABLED';
  if (token.state !== state) {
    if (enabled && account) await deps.accounts.markHadToken(account.id);
    await deps.tokens.setState(token.id, state);
    await auditAdmin(deps, enabled ? 'token.activated' : 'token.disabled', account, { serial });
    if (!enabled && account) await endSessions(deps, account, 'tokenDisable', deps.actor);
  }
  return (await deps.tokens.findBySerial(serial))!;
}

export async function deleteToken(deps: AdminDependencies, serial: string): Promise<void> {
  const { token, account } = await requireToken(deps, serial);
  await deps.tokens.delete(token.id);
  await auditAdmin(deps, 'token.deleted', account, { serial, type: token.type });
  if (account) await endSessions(deps, account, 'tokenRemove', deps.actor);
}

export async function resyncTotp(deps: AdminDependencies, serial: string, first: string, second: string): Promise<{ driftSteps: number }> {
  const { token, account } = await requireToken(deps, serial);
  if (token.type !== 'totp' || !token.sealedSecret) throw new DomainError('invalid_input', 'only TOTP tokens can be resynchronised', { fields: { serial: 'type' } });
  const codes = [first, second].map((c) => c.replace(/\s+/g, ''));
  if (codes.some((c) => !new RegExp(`^\\d{${token.digits}}$`).test(c))) {
    throw new DomainError('invalid_input', `give two consecutive ${token.digits}-digit codes`, { fields: { codes: 'format' } });
  }
  const secret = deps.secretBox.open(token.sealedSecret, `token:${token.id}`);
  const now = deps.clock.now();
  const step = await findConsecutiveSteps(secret, codes[0]!, codes[1]!, token, now, RESYNC_WINDOW_STEPS);
  if (step === null) throw new DomainError('invalid_input', 'the two codes are not consecutive codes of this token within an hour of now', { fields: { codes: 'no_match' } });
  const current = Math.floor(now.getTime() / 1000 / token.period);
  const driftSteps = step + 1 - current;
  // Both codes are now used: the replay guard moves past the second one.
  if (token.lastTimeStep !== null && step + 1 <= token.lastTimeStep) {
    throw new DomainError('invalid_input', 'these codes were already used', { fields: { codes: 'replayed' } });
  }
  await deps.tokens.resync(token.id, driftSteps, step + 1);
  await auditAdmin(deps, 'token.resynced', account, { serial, driftSteps });
  return { driftSteps };
}
