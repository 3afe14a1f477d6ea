// The "Confirm it's you" step of the account console and the sessions page: a sensitive action
// runs only after the account's PIN (and code) are checked again, as at a sign-in
// (signin/reauthenticate.ts). Until they are, the confirmation page names what will happen.
import type { RouterContext } from '@koa/router';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { Account } from '../../usecases/ports.ts';
import type { SignInDependencies } from '../../usecases/signin/dependencies.ts';
import { offersCredentials, reauthenticate, reauthenticationDemand } from '../../usecases/signin/reauthenticate.ts';
import type { SignInForm } from '../../usecases/signin/submit-step.ts';
import { translatorOf } from '../page-language.ts';
import { policyFor } from '../../usecases/pin/policies.ts';

/** The name the self-service pages' own steps are audited under. */
export const SELF_SERVICE_CLIENT_ID = 'pingate-self-service';
const CONTEXT = { clientId: SELF_SERVICE_CLIENT_ID, clientName: 'Pingate self-service', purpose: 'sessions' } as const;

export interface Confirmation {
  /** What the page says will happen, and its button (already in the page's language). */
  readonly subject: { readonly heading: unknown; readonly text: unknown; readonly button: unknown };
  /** Where the form posts, the action and target it carries, and where Cancel goes. */
  readonly action: string;
  readonly form: { readonly action: string; readonly target: string };
  readonly cancelUrl: string;
}

/** true once the form's credentials prove `account`; otherwise the confirmation page is the answer
 * (200 when it asks, 401 when what was given is wrong). */
export async function confirmedByReauthentication(ctx: RouterContext, signin: SignInDependencies, flow: SignInFlow, account: Account, form: SignInForm, confirmation: Confirmation): Promise<boolean> {
  const page = async (status: number, failed: boolean) => {
    ctx.status = status;
    await ctx.render('self-service/confirm.njk', {
      titleKey: 'sessions.confirm_title',
      username: account.username,
      csrf: flow.csrfToken,
      action: confirmation.action,
      cancelUrl: confirmation.cancelUrl,
      form: confirmation.form,
      subject: confirmation.subject,
      demand: await reauthenticationDemand(signin, flow),
      combined: signin.settings.passcodeField === 'combined',
      numericPin: policyFor(signin.policies, account.groups).complexity === 'numeric',
      message: failed ? 'message.sessions.reauth_failed' : null,
    });
  };
  if (!offersCredentials(form)) {
    await page(200, false);
    return false;
  }
  if (!(await reauthenticate(signin, flow, form, { ...CONTEXT, ip: ctx.ip, locale: translatorOf(ctx).locale }))) {
    await page(401, true);
    return false;
  }
  return true;
}
