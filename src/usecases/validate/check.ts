// POST /validate/check as a use case: a registered caller (a VPN's RADIUS server, Keycloak's
// authenticator, a PAM module) checks a user's passcode. It runs the sign-in state machine of the
// pages, step by step, in a flow of purpose `validate`: the same PIN policy, New PIN mode, email
// codes, Next Tokencode mode, lockout counter and audit trail. A step that needs the user again
// answers a challenge; its transaction id is the flow's id, bound to the caller and the user.
import { randomBytes } from 'node:crypto';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { newSignInFlow, type SignInFlow } from '../../domain/signin/flow.ts';
import { describePinPolicyRules } from '../../domain/pin-policy/index.ts';
import { normalizeUsername } from '../../domain/username.ts';
import type { SignInContext, SignInDependencies } from '../signin/dependencies.ts';
import type { SignInOutcome } from '../signin/outcome.ts';
import { submitSignInStep, type SignInForm } from '../signin/submit-step.ts';
import { hashTypedUsername } from '../signin/typed-username.ts';
import { DECOY_ACCOUNT_ID } from '../signin/decoy.ts';
import { policyFor } from '../pin/policies.ts';
import type { TokenRecord } from '../ports.ts';
import type { ValidateAnswer, ValidateChallenge } from './answer.ts';

/** A registered caller of the validate API (a service client with the scope `validate`). */
export interface ValidateCaller {
  readonly clientId: string;
  readonly name: string;
}

export interface ValidateRequest {
  readonly user: string;
  readonly pass: string;
  readonly transactionId: string | null;
}

export interface ValidateDependencies extends SignInDependencies {
  /** Counts one check of `callerId` for the username (by its keyed hash); false over a limit. */
  readonly allowValidate: (callerId: string, usernameHash: string) => Promise<boolean>;
}

/** How a validate transaction id (a flow id) begins. */
export const TRANSACTION_PREFIX = 'vt_';

export async function validateCheck(deps: ValidateDependencies, caller: ValidateCaller, request: ValidateRequest, ip: string): Promise<ValidateAnswer> {
  const username = normalizeUsername(request.user);
  const usernameHash = hashTypedUsername(deps.codeKey, username);
  if (!(await deps.allowValidate(caller.clientId, usernameHash))) {
    deps.logger.warn({ event: 'validate.rate_limited', caller: caller.clientId, ip }, 'validate rate limit reached');
    throw new DomainError('rate_limited', 'too many checks; wait a minute');
  }
  // Counted once per check above: the steps of this check are not counted again.
  const steps: SignInDependencies = { ...deps, rateLimiter: { ...deps.rateLimiter, allow: async () => true } };
  const context: SignInContext = { clientId: caller.clientId, clientName: caller.name, ip, purpose: 'validate' };
  const answer = await (request.transactionId === null
    ? firstStep(steps, context, username, request.pass)
    : answerChallenge(steps, context, usernameHash, request.transactionId, request.pass)
  ).catch((error: unknown): ValidateAnswer => {
    // An expired, finished or concurrently answered transaction: rejected, nothing changed.
    if (isDomainError(error) && ['flow_expired', 'flow_invalid', 'conflict', 'csrf_mismatch'].includes(error.code)) return { kind: 'reject' };
    throw error;
  });
  await deps.audit.record({
    event: 'validate.answered',
    outcome: answer.kind === 'reject' ? 'failure' : 'success',
    actor: { type: 'client', id: caller.clientId },
    account: answer.account ?? null,
    ip,
    clientId: caller.clientId,
    reason: answer.kind === 'challenge' ? answer.challenge : null,
    details: { authentication: answer.kind.toUpperCase(), caller: caller.name },
  });
  return answer;
}

async function firstStep(deps: SignInDependencies, context: SignInContext, username: string, pass: string): Promise<ValidateAnswer> {
  const created = await deps.flows.create(
    newSignInFlow(`${TRANSACTION_PREFIX}${randomBytes(18).toString('base64url')}`, randomBytes(24).toString('base64url'), deps.clock.now(), deps.settings.flowTtlSeconds, 'validate', { clientId: context.clientId, loginHint: null }),
  );
  const identified = await step(deps, created, { username }, context);
  if (identified.kind !== 'page') return { kind: 'reject' };
  const flow = identified.flow;
  // The decoy's token for an unknown user: the same reads whoever is named.
  const token = await deps.tokens.findActiveForAccount(flow.accountId ?? DECOY_ACCOUNT_ID);
  switch (flow.state) {
    // `pass` is a one-field passcode, read with the permutations (a new PIN in it is set at once).
    case 'PASSCODE_REQUIRED':
    case 'TOKENCODE_REQUIRED':
      return answerFor(deps, await step(deps, flow, { passcode: pass }, context), token);
    case 'PIN_REQUIRED':
      return answerFor(deps, await step(deps, flow, { pin: pass }, context), token);
    default:
      // identify() sends every other account down the unknown user's path (PASSCODE_REQUIRED).
      return { kind: 'reject' };
  }
}

async function answerChallenge(deps: SignInDependencies, context: SignInContext, usernameHash: string, transactionId: string, pass: string): Promise<ValidateAnswer> {
  const flow = transactionId.startsWith(TRANSACTION_PREFIX) ? await deps.flows.find(transactionId) : null;
  // Only the caller that started it may answer it, for the same user.
  if (!flow || flow.purpose !== 'validate' || flow.clientId !== context.clientId || flow.usernameHash !== usernameHash) return { kind: 'reject' };
  const token = flow.accountId ? await deps.tokens.findActiveForAccount(flow.accountId) : null;
  switch (flow.state) {
    case 'EMAIL_CODE_REQUIRED':
    case 'NEXT_TOKENCODE_REQUIRED':
      return answerFor(deps, await step(deps, flow, { tokencode: pass }, context), token);
    case 'NEW_PIN_REQUIRED':
      return answerFor(deps, await step(deps, flow, flow.pendingNewPinHash ? { newPinAgain: pass } : { newPinOnce: pass }, context), token);
    case 'RANDOM_PIN_ISSUED':
      return answerFor(deps, await step(deps, flow, {}, context), token);
    default:
      return { kind: 'reject' };
  }
}

function step(deps: SignInDependencies, flow: SignInFlow, form: SignInForm, context: SignInContext): Promise<SignInOutcome> {
  return submitSignInStep(deps, flow, { ...form, csrf: flow.csrfToken }, context);
}

const CHALLENGES: Partial<Record<SignInFlow['state'], ValidateChallenge>> = {
  EMAIL_CODE_REQUIRED: 'email_code',
  NEXT_TOKENCODE_REQUIRED: 'next_tokencode',
  NEW_PIN_REQUIRED: 'new_pin',
  RANDOM_PIN_ISSUED: 'random_pin',
};

async function answerFor(deps: SignInDependencies, outcome: SignInOutcome, token: TokenRecord | null): Promise<ValidateAnswer> {
  const summary = token ? { serial: token.serial, type: token.type, digits: token.digits } : null;
  if (outcome.kind === 'completed') {
    const account = await deps.accounts.findById(outcome.accountId);
    return {
      kind: 'accept',
      token: summary,
      user: { username: account?.username ?? '', email: account?.email ?? null, displayName: account?.displayName ?? null },
      account: { id: outcome.accountId, username: account?.username ?? '' },
      acr: outcome.acr,
    };
  }
  const { flow, messageId } = outcome;
  let challenge = CHALLENGES[flow.state];
  // A failure of the first step, or of an answer, is a rejection (the transaction stays open
  // for another answer, as privacyIDEA's do); so is a state the API cannot drive (enrolment).
  const audited = flow.accountId && flow.username ? { id: flow.accountId, username: flow.username } : null;
  if (!challenge || messageId === 'signin.failed' || messageId === 'newpin.too_many_attempts' || messageId === 'email.delivery_failed') return { kind: 'reject', account: audited };
  if (challenge === 'new_pin' && flow.pendingNewPinHash) challenge = 'new_pin_again';
  const account = flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  return {
    kind: 'challenge',
    account: audited,
    challenge,
    transactionId: flow.id,
    token: summary,
    violations: outcome.violations,
    mismatch: messageId === 'newpin.mismatch',
    policyRules: challenge === 'new_pin' ? describePinPolicyRules(policyFor(deps.policies, account?.groups ?? [])) : [],
  };
}
