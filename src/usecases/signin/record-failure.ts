// Counts a failure toward the account's lockout (atomically, shared by every process) and, when
// this failure locked the account, tells its owner by email.
import type { FailureReason } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { SignInContext, SignInDependencies } from './dependencies.ts';
import { auditSubject } from '../audit-subject.ts';
import { endSessions } from '../sessions/end-sessions.ts';
import { hashTypedUsername, usernameHashOf } from './typed-username.ts';
import { DECOY_ACCOUNT_ID } from './decoy.ts';

export async function recordFailure(
  deps: SignInDependencies,
  flow: SignInFlow,
  accountId: string | null,
  reason: FailureReason | 'email_code_sent',
  context: SignInContext,
): Promise<void> {
  if (reason !== 'email_code_sent') {
    await deps.audit.record({
      event: 'signin.failure',
      outcome: 'failure',
      // What was typed as an unknown username may be a PIN typed in the wrong field: only its
      // keyed hash is kept (typed-username.ts), enough to see repeated attempts at one name.
      actor: { type: 'user', id: accountId ?? `unknown:${usernameHashOf(deps.codeKey, flow) ?? hashTypedUsername(deps.codeKey, '')}` },
      account: accountId && flow.username ? { id: accountId, username: flow.username } : null,
      reason,
      ip: context.ip,
      clientId: context.clientId,
    });
  }
  // Unknown users have no counter, and a locked account's counter is already at the limit: the
  // count runs for the decoy instead (it changes nothing), so their failures cost what others' do.
  const counting = accountId === null || reason === 'account_locked' ? DECOY_ACCOUNT_ID : accountId;
  const now = deps.clock.now();
  const counted = await deps.accounts.recordFailure(counting, now, deps.lockout);
  if (!counted.lockedNow) return;
  const account = await deps.accounts.findById(counting);
  await deps.audit.record({
    event: 'account.locked',
    outcome: 'success',
    actor: { type: 'system', id: 'lockout' },
    account: account ? auditSubject(account) : null,
    reason: 'too_many_failures',
    ip: context.ip,
    clientId: context.clientId,
    details: { until: counted.lockedUntil?.toISOString() ?? null },
  });
  if (account) {
    await endSessions(deps, account, 'accountLock', { type: 'system', id: 'lockout' });
    await deps.notifier.accountLocked(account, { now, until: counted.lockedUntil, locale: context.locale });
  }
}
