// A signed-in user's own tokens, changed from the account console after a re-authentication
// (the route's, signin/reauthenticate.ts): replace the authenticator (a new TOTP token, pending
// until a code from it is entered, then the only token: every earlier one is removed, an email
// token included) and remove a token that is not the one they sign in with. Each change is
// audited with the user as actor and reaches only the account's own tokens.
import { DomainError } from '../../domain/errors.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { auditSubject } from '../audit-subject.ts';
import { endSessions } from '../sessions/end-sessions.ts';
import { checkTotpEnrolment } from '../signin/check-self-service.ts';
import type { SignInDependencies } from '../signin/dependencies.ts';
import { createPendingTotp, enrolmentPage, type EnrolmentPage } from '../signin/totp-enrolment.ts';

const actor = (accountId: string) => ({ type: 'user' as const, id: accountId });

/** Token changes need proof of possession of the current token: a TOTP code. An email-token
 * account re-authenticates with its PIN alone (one factor), so its tokens are changed by the
 * helpdesk, not here: a session and a known PIN must not be enough to take over the account. */
export async function canChangeMyTokens(deps: Pick<SignInDependencies, 'tokens'>, accountId: string): Promise<boolean> {
  return (await deps.tokens.findActiveForAccount(accountId))?.type === 'totp';
}

async function requireTokenChanges(deps: SignInDependencies, accountId: string): Promise<void> {
  if (!(await canChangeMyTokens(deps, accountId))) {
    throw new DomainError('forbidden', 'token changes need an authenticator app; ask the helpdesk', { messageId: 'account.token_changes_need_app' });
  }
}

/** Starts a replacement: a pending TOTP token bound to this console flow; returns its QR page. */
export async function startTokenReplacement(deps: SignInDependencies, flow: SignInFlow): Promise<{ flow: SignInFlow; enrolment: EnrolmentPage }> {
  const accountId = requireAccountOf(flow);
  await requireTokenChanges(deps, accountId);
  await createPendingTotp(deps, accountId);
  const pending = await deps.tokens.findPendingForAccount(accountId);
  const account = await deps.accounts.findById(accountId);
  if (!pending || !account) throw new DomainError('conflict', 'the new token could not be prepared; try again');
  const bound = { ...flow, consoleTokenId: pending.id };
  if (!(await deps.flows.save(bound))) throw new DomainError('conflict', 'this page was used in another tab; start again');
  await deps.audit.record({ event: 'token.enrolled', outcome: 'success', actor: actor(accountId), account: auditSubject(account), details: { serial: pending.serial, type: 'totp', selfService: true } });
  return { flow: { ...bound, version: bound.version + 1 }, enrolment: (await enrolmentPage(deps, accountId, account.username))! };
}

/** The QR page of the replacement this flow started, to show again after a wrong code. */
export async function replacementPage(deps: SignInDependencies, flow: SignInFlow): Promise<EnrolmentPage | null> {
  const accountId = requireAccountOf(flow);
  const pending = await deps.tokens.findPendingForAccount(accountId);
  if (!pending || pending.id !== flow.consoleTokenId) return null;
  const account = await deps.accounts.findById(accountId);
  return account ? enrolmentPage(deps, accountId, account.username) : null;
}

/** Activates the flow's pending token with a code from it; every other token of the account is
 * removed, and every session ends (sessions.endOn.tokenRemove): whoever held the old token, a
 * lost phone's finder included, is signed out. 'wrong_code': nothing changed. */
export async function finishTokenReplacement(deps: SignInDependencies, flow: SignInFlow, tokencode: string, ip: string): Promise<'replaced' | 'replaced_signed_out' | 'wrong_code'> {
  const accountId = requireAccountOf(flow);
  const pending = await deps.tokens.findPendingForAccount(accountId);
  if (!pending || pending.id !== flow.consoleTokenId) throw new DomainError('flow_expired', 'this replacement is no longer pending; start again');
  if (!(await deps.rateLimiter.allow(ip, flow.usernameHash))) throw new DomainError('rate_limited', 'too many attempts; wait a minute');
  const checked = await checkTotpEnrolment(deps, flow, { tokencode });
  if (!('valid' in checked) || !checked.valid) return 'wrong_code';
  const account = await deps.accounts.findById(accountId);
  await deps.accounts.markHadToken(accountId);
  await deps.tokens.setState(pending.id, 'ACTIVE');
  await deps.audit.record({ event: 'token.activated', outcome: 'success', actor: actor(accountId), account: account ? auditSubject(account) : null, ip, details: { serial: pending.serial, type: 'totp', selfService: true } });
  for (const earlier of await deps.tokens.listForAccount(accountId)) {
    if (earlier.id === pending.id) continue;
    await deps.tokens.delete(earlier.id);
    await deps.audit.record({ event: 'token.deleted', outcome: 'success', actor: actor(accountId), account: account ? auditSubject(account) : null, ip, reason: 'replaced', details: { serial: earlier.serial, type: earlier.type } });
  }
  await deps.flows.save({ ...flow, consoleTokenId: null });
  const ended = account ? await endSessions(deps, account, 'tokenRemove', actor(accountId)) : null;
  return ended ? 'replaced_signed_out' : 'replaced';
}

/** Removes one of the account's tokens; never the active token it signs in with. */
export async function removeMyToken(deps: SignInDependencies, flow: SignInFlow, tokenId: string, ip: string): Promise<void> {
  const accountId = requireAccountOf(flow);
  await requireTokenChanges(deps, accountId);
  const token = (await deps.tokens.listForAccount(accountId)).find((t) => t.id === tokenId);
  if (!token) throw new DomainError('not_found', 'no such token of yours');
  if (token.state === 'ACTIVE') throw new DomainError('forbidden', 'the token you sign in with cannot be removed; replace it instead', { messageId: 'account.cannot_remove_active' });
  await deps.tokens.delete(token.id);
  const account = await deps.accounts.findById(accountId);
  await deps.audit.record({ event: 'token.deleted', outcome: 'success', actor: actor(accountId), account: account ? auditSubject(account) : null, ip, details: { serial: token.serial, type: token.type } });
}

function requireAccountOf(flow: SignInFlow): string {
  if (flow.purpose !== 'sessions' || flow.accountId === null) throw new DomainError('flow_invalid', 'no signed-in account');
  return flow.accountId;
}
