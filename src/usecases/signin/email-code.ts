// Emailed sign-in codes: generated from a CSPRNG, kept only as HMAC-SHA256 keyed hashes bound to
// the flow, compared in constant time, valid until their expiry.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { isDomainError } from '../../domain/errors.ts';
import { isLocked } from '../../domain/lockout.ts';
import type { SignInContext, SignInDependencies } from './dependencies.ts';

export function hashEmailCode(key: Buffer, flowId: string, code: string): string {
  return createHmac('sha256', key).update(`${flowId}:${code}`).digest('base64url');
}

export function newEmailCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += String(randomInt(10));
  return code;
}

/** Sends a fresh code and reports the outcome as an event for the state machine. */
export async function sendEmailCode(deps: SignInDependencies, flow: SignInFlow, accountId: string, context: SignInContext): Promise<SignInEvent> {
  const account = await deps.accounts.findById(accountId);
  const now = deps.clock.now();
  if (!account?.email) {
    deps.logger.warn({ event: 'email.no_address', accountId }, 'an email token without an email address');
    return { type: 'email_delivery_failed' };
  }
  const code = newEmailCode(deps.emailCodeLength);
  const sent: SignInEvent = { type: 'email_code_sent', hash: hashEmailCode(deps.codeKey, flow.id, code), expiresAt: new Date(now.getTime() + deps.limits.emailCode.ttlSeconds * 1000) };
  if (isLocked(account.lockout, now, deps.lockout)) {
    // A locked account gets no email (the lock caps how many codes anyone can make us send),
    // and the page looks as if one went out: the code it waits for can never arrive.
    deps.logger.info({ event: 'email.suppressed_locked', flow: flow.id, accountId }, 'no code sent to a locked account');
    return sent;
  }
  if (flow.purpose === 'forgot_pin' && !(await deps.rateLimiter.allowRecoveryEmail(account.id))) {
    // Recovery emails do not count toward the lock, so they have their own cap per account:
    // over it, the page says what it always says and nothing is sent.
    deps.logger.info({ event: 'email.suppressed_recovery_cap', flow: flow.id, accountId }, 'no recovery code sent: the account had its hourly share');
    return sent;
  }
  const details = {
    ttlSeconds: deps.limits.emailCode.ttlSeconds,
    clientName: context.clientName,
    now,
    reason: flow.purpose === 'forgot_pin' ? 'recovery' : flow.factors.includes('pin') ? 'after_pin' : 'without_pin',
    ...(context.locale ? { locale: context.locale } : {}),
  } as const;
  if (flow.purpose === 'forgot_pin') {
    // A forgotten-PIN request must take as long for an unknown user as for a known one, so
    // the SMTP conversation happens after the answer; a failure is logged, not shown.
    deps.notifier
      .signinCode(account, code, details)
      .then(() => deps.logger.info({ event: 'email.code_sent', flow: flow.id, accountId }, 'recovery code sent'))
      .catch((error: unknown) => deps.logger.warn({ event: 'email.delivery_failed', flow: flow.id, accountId, cause: (error as { details?: { cause?: string } }).details?.cause }, 'recovery code not sent'));
    return sent;
  }
  try {
    await deps.notifier.signinCode(account, code, details);
  } catch (error) {
    if (!isDomainError(error, 'delivery_failed')) throw error;
    deps.logger.warn({ event: 'email.delivery_failed', flow: flow.id, accountId, cause: error.details.cause }, 'sign-in code not sent');
    return { type: 'email_delivery_failed' };
  }
  deps.logger.info({ event: 'email.code_sent', flow: flow.id, accountId }, 'sign-in code sent');
  return sent;
}

/** Whether `code` is one of the flow's codes; distinguishes expired for the audit trail. */
export function matchEmailCode(deps: SignInDependencies, flow: SignInFlow, code: string, now: Date): 'valid' | 'expired' | 'wrong' {
  const given = Buffer.from(hashEmailCode(deps.codeKey, flow.id, code.replace(/\s+/g, '')));
  let result: 'valid' | 'expired' | 'wrong' = 'wrong';
  for (const stored of flow.emailCodes) {
    const expected = Buffer.from(stored.hash);
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      result = stored.expiresAt.getTime() > now.getTime() ? 'valid' : 'expired';
    }
  }
  return result;
}
