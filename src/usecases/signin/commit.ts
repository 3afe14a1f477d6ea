// Commit effects run before the flow is saved: recording a success (refused if the account is
// locked, atomically with the lock) and storing a PIN (chosen, or generated and shown or emailed).
import { DomainError } from '../../domain/errors.ts';
import type { SignInEffect } from '../../domain/signin/effects.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { generatePinFor, storePin } from '../pin/new-pin.ts';
import { createPendingTotp } from './totp-enrolment.ts';
import { policyFor } from '../pin/policies.ts';
import type { SignInInput } from './check-passcode.ts';
import { chosenPin } from './judge-new-pin.ts';
import type { SignInContext, SignInDependencies } from './dependencies.ts';
import type { AuditEvent } from '../audit.ts';
import { auditSubject } from '../audit-subject.ts';
import { endSessions } from '../sessions/end-sessions.ts';

/** A new PIN ends every session begun with the old one; this sign-in's own session begins after
 * it. The records stay (this sign-in may be reusing one): the time mark voids them. */
const endOtherSessions = (deps: SignInDependencies, account: { id: string; username: string }) =>
  endSessions(deps, account, 'pinChange', { type: 'user', id: account.id }, { keepRecords: true });

export type CommitResult = { readonly kind: 'done' } | { readonly kind: 'refused' } | { readonly kind: 'pin'; readonly pin: string | null };

export async function commitEffect(
  deps: SignInDependencies,
  flow: SignInFlow,
  effect: SignInEffect,
  form: SignInInput,
  context: SignInContext,
  proven: { readonly amr: readonly string[]; readonly acr: string } | null = null,
): Promise<CommitResult> {
  const audit = (event: AuditEvent['event'], outcome: AuditEvent['outcome'], account: { id: string; username: string } | null, extra: Partial<AuditEvent> = {}) =>
    deps.audit.record({
      event,
      outcome,
      actor: { type: 'user', id: account?.id ?? 'unknown' },
      account: account ? auditSubject(account) : null,
      ip: context.ip,
      clientId: context.clientId,
      ...extra,
    });
  if (effect.type === 'record_success') {
    const account = await deps.accounts.findById(effect.accountId);
    if (!(await deps.accounts.clearFailures(effect.accountId, deps.lockout, deps.clock.now()))) {
      await audit('signin.failure', 'failure', account, { reason: 'account_locked' });
      return { kind: 'refused' };
    }
    // amr and acr as the tokens will carry them: which factors this sign-in proved.
    await audit('signin.success', 'success', account, { details: { purpose: context.purpose ?? 'signin', ...(proven ? { amr: proven.amr.join(' '), acr: proven.acr } : {}) } });
    return { kind: 'done' };
  }
  if (effect.type === 'create_pending_totp') {
    await createPendingTotp(deps, effect.accountId);
    return { kind: 'done' };
  }
  if (effect.type === 'activate_pending_totp') {
    const pending = await deps.tokens.findPendingForAccount(effect.accountId);
    if (!pending) throw new DomainError('flow_invalid', 'the token being enrolled is gone; start again');
    // From now on a removed token is replaced only with the helpdesk's enrolment code.
    await deps.accounts.markHadToken(effect.accountId);
    await deps.tokens.setState(pending.id, 'ACTIVE');
    const account = await deps.accounts.findById(effect.accountId);
    await audit('token.activated', 'success', account, { details: { serial: pending.serial, type: 'totp', selfEnrolled: true } });
    return { kind: 'done' };
  }
  if (effect.type === 'consume_enrolment_code') {
    const account = await deps.accounts.findById(effect.accountId);
    // Only one sign-in can use a code: of two racing with it, one fails here.
    if (!account?.enrolment || !(await deps.accounts.consumeEnrolmentCode(account.id, account.enrolment.codeHash))) return { kind: 'refused' };
    return { kind: 'done' };
  }
  if (effect.type !== 'store_new_pin' && effect.type !== 'issue_random_pin') return { kind: 'done' };

  const account = await deps.accounts.findById(effect.accountId);
  if (!account) throw new DomainError('flow_invalid', 'the account no longer exists');
  const policy = policyFor(deps.policies, account.groups);
  const now = deps.clock.now();

  if (effect.type === 'store_new_pin') {
    await storePin(deps.accounts, deps.hasher, account, chosenPin(flow, form), policy, 'SET', now);
    await audit('pin.changed', 'success', account);
    await endOtherSessions(deps, account);
    await deps.notifier.pinChanged(account, { now, clientName: context.clientName, locale: context.locale });
    return { kind: 'done' };
  }

  const pin = await generatePinFor(deps.hasher, account, policy);
  if (effect.delivery === 'email' && deps.notifier.canEmail(account)) {
    // Sent before it is stored: if storing then fails, the user retries and gets another one;
    // the other order could leave a PIN nobody knows.
    await deps.notifier.randomPin(account, pin, { now, locale: context.locale });
    await storePin(deps.accounts, deps.hasher, account, pin, policy, 'SET', now);
    await audit('pin.random_issued', 'success', account, { details: { delivery: 'email' } });
    await endOtherSessions(deps, account);
    return { kind: 'pin', pin: null };
  }
  await storePin(deps.accounts, deps.hasher, account, pin, policy, 'SET', now);
  await audit('pin.random_issued', 'success', account, { details: { delivery: 'screen' } });
  await endOtherSessions(deps, account);
  return { kind: 'pin', pin };
}
