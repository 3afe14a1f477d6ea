// Emailed sign-in codes: generated from a CSPRNG, kept only as HMAC-SHA256 keyed hashes bound to
// the flow, compared in constant time, valid until their expiry.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { isDomainError } from '../../domain/errors.ts';
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
  try {
    await deps.notifier.signinCode(account, code, { ttlSeconds: deps.limits.emailCode.ttlSeconds, clientName: context.clientName, now });
  } catch (error) {
    if (!isDomainError(error, 'delivery_failed')) throw error;
    deps.logger.warn({ event: 'email.delivery_failed', flow: flow.id, accountId, cause: error.details.cause }, 'sign-in code not sent');
    return { type: 'email_delivery_failed' };
  }
  deps.logger.info({ event: 'email.code_sent', flow: flow.id, accountId }, 'sign-in code sent');
  return { type: 'email_code_sent', hash: hashEmailCode(deps.codeKey, flow.id, code), expiresAt: new Date(now.getTime() + deps.limits.emailCode.ttlSeconds * 1000) };
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
