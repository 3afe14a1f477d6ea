// The account console's page flow: its CSRF token and the account a re-authentication on it
// checks (a 'sessions' flow, signin/open-flow.ts), bound to the browser by a signed cookie and to
// the account signed in here.
import type { RouterContext } from '@koa/router';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { Account } from '../../usecases/ports.ts';
import type { SignInDependencies } from '../../usecases/signin/dependencies.ts';
import { startSessionsPageFlow } from '../../usecases/signin/open-flow.ts';

const COOKIE = 'pingate_console';

/** This browser's console flow for `account`, if it is live. */
export async function boundConsoleFlow(ctx: RouterContext, signin: SignInDependencies, account: Account): Promise<SignInFlow | null> {
  const id = ctx.cookies.get(COOKIE, { signed: true });
  const flow = id ? await signin.flows.find(id) : null;
  return flow?.purpose === 'sessions' && flow.accountId === account.id ? flow : null;
}

/** The live console flow, or a new one when less than half of its time is left. */
export async function consoleFlow(ctx: RouterContext, signin: SignInDependencies, account: Account): Promise<SignInFlow> {
  const stored = await boundConsoleFlow(ctx, signin, account);
  const halfLife = (signin.settings.flowTtlSeconds * 1000) / 2;
  if (stored && stored.expiresAt.getTime() - signin.clock.now().getTime() > halfLife) return stored;
  const flow = await startSessionsPageFlow(signin, account);
  ctx.cookies.set(COOKIE, flow.id, { signed: true, httpOnly: true, sameSite: 'lax', path: '/self-service' });
  return flow;
}
