// Shared by the sign-in and self-service routes: render the page of a flow's state, and turn a
// submitted step's outcome into a page (or a post/redirect/get).
import type { RouterContext } from '@koa/router';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { SignInDependencies } from '../../usecases/signin/dependencies.ts';
import type { SignInOutcome } from '../../usecases/signin/outcome.ts';
import { signInPageFacts } from '../../usecases/signin/page-facts.ts';
import { pageForFlow } from './page-for-flow.ts';

export interface PageTarget {
  readonly clientName: string;
  /** Where the forms post and where a post/redirect/get goes. */
  readonly action: string;
  /** The username the browser typed, shown back after the username step (typed-username.ts). */
  readonly typedUsername: string | null;
}

export async function renderFlow(ctx: RouterContext, signin: SignInDependencies, flow: SignInFlow, target: PageTarget, loginHint: string | null = null): Promise<void> {
  const facts = await signInPageFacts(signin, flow);
  const page = pageForFlow({ flow, settings: signin.settings, facts, clientName: target.clientName, loginHint, typedUsername: target.typedUsername, messageId: null, action: target.action });
  await ctx.render(page.template, page.data);
}

export async function renderOutcome(ctx: RouterContext, signin: SignInDependencies, outcome: Extract<SignInOutcome, { kind: 'page' }>, target: PageTarget): Promise<void> {
  if (outcome.messageId === null && outcome.noticeId === null && outcome.oneTimePin === null && outcome.flow.state !== 'RANDOM_PIN_ISSUED') {
    ctx.status = 303; // post/redirect/get: a reload never resubmits a step
    ctx.redirect(target.action);
    return;
  }
  // A generated PIN is shown in this one response only (never stored in clear, never cached).
  const facts = await signInPageFacts(signin, outcome.flow);
  const page = pageForFlow({
    flow: outcome.flow,
    settings: signin.settings,
    facts,
    clientName: target.clientName,
    loginHint: null,
    typedUsername: target.typedUsername,
    messageId: outcome.messageId,
    noticeId: outcome.noticeId,
    violations: outcome.violations,
    oneTimePin: outcome.oneTimePin,
    action: target.action,
  });
  ctx.status = statusFor(outcome.messageId);
  await ctx.render(page.template, page.data);
}

/** The HTTP status of a re-rendered step: 401 for a failed credential check (whatever the reason),
 * 503 when the code could not be emailed, 400 for other refusals. */
function statusFor(messageId: string | null): number {
  if (messageId === null) return 200;
  if (messageId === 'signin.failed') return 401;
  if (messageId === 'email.delivery_failed') return 503;
  return 400;
}
