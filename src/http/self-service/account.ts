// The account console at /self-service for a signed-in browser: the account, its PIN, its
// tokens (replace the authenticator, remove a token it does not sign in with: each after the
// PIN and a code are asked again), its recent sign-ins and failed attempts, and links to its
// sessions and to changing the PIN. A browser that is not signed in gets the self-service
// links and "Sign in" (account-sign-in.ts).
import type Router from '@koa/router';
import type Provider from 'oidc-provider';
import { DomainError } from '../../domain/errors.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { viewMyAccount } from '../../usecases/account/my-account.ts';
import { canChangeMyTokens, finishTokenReplacement, removeMyToken, replacementPage, startTokenReplacement } from '../../usecases/account/my-tokens.ts';
import type { MySessionsDependencies } from '../../usecases/sessions/my-sessions.ts';
import type { SignInDependencies } from '../../usecases/signin/dependencies.ts';
import { sameToken, type SignInForm } from '../../usecases/signin/submit-step.ts';
import { ACCOUNT_CLIENT_ID } from '../../oidc/account-console-client.ts';
import { translatorOf } from '../page-language.ts';
import { boundConsoleFlow, consoleFlow } from './console-flow.ts';
import { confirmedByReauthentication, SELF_SERVICE_CLIENT_ID } from './reauthentication-page.ts';
import { browserSession } from './sessions.ts';

const HOME = '/self-service';
const TOKENS = '/self-service/tokens';
/** What a finished action says on the page it returns to (fixed texts: nothing is reflected). */
const DONE = new Set(['token_replaced', 'token_replaced_signed_out', 'token_removed', 'expired']);
/** Clients that are this console itself, named as such in the activity list. */
const THIS_CONSOLE = new Set([ACCOUNT_CLIENT_ID, SELF_SERVICE_CLIENT_ID]);

export function mountAccountConsole(router: Router, provider: Provider, signin: SignInDependencies, mine: MySessionsDependencies): void {
  router.get('/', async (ctx) => {
    const done = typeof ctx.query.done === 'string' && DONE.has(ctx.query.done) ? `account.done.${ctx.query.done}` : null;
    const signedIn = await browserSession(ctx, provider, mine);
    const view = signedIn ? await viewMyAccount({ ...mine, tokens: signin.tokens }, signedIn.account.id) : null;
    if (!signedIn || !view) return ctx.render('self-service/index.njk', { notice: done });
    const flow = await consoleFlow(ctx, signin, signedIn.account);
    const translator = translatorOf(ctx);
    await ctx.render('self-service/account.njk', {
      titleKey: 'self_service.title',
      csrf: flow.csrfToken,
      action: TOKENS,
      notice: done,
      account: { username: view.username, displayName: view.displayName, email: view.email },
      pin: { ...view.pin, changedAt: view.pin.changedAt ? translator.dateTime(view.pin.changedAt) : null },
      tokenChanges: await canChangeMyTokens(signin, signedIn.account.id),
      tokens: view.tokens.map((token) => ({ ...token, createdAt: translator.dateTime(token.createdAt), removable: token.state !== 'ACTIVE' })),
      activity: view.activity.map((event) => ({
        time: translator.dateTime(event.time),
        label: translator.has(`activity.${event.event}`) ? `activity.${event.event}` : 'activity.other',
        failed: event.outcome === 'failure',
        reason: event.reason && translator.has(`activity.reason.${event.reason}`) ? `activity.reason.${event.reason}` : null,
        ip: event.ip,
        application: event.application && THIS_CONSOLE.has(event.application) ? translator.text('account.this_console') : event.application,
      })),
    });
  });

  router.post('/tokens', async (ctx) => {
    const signedIn = await browserSession(ctx, provider, mine);
    if (!signedIn) throw new DomainError('forbidden', 'This browser is no longer signed in.', { messageId: 'sessions.not_signed_in' });
    const form = (ctx.request.body ?? {}) as SignInForm & { target?: string };
    const flow = await boundConsoleFlow(ctx, signin, signedIn.account);
    if (!flow) {
      ctx.status = 303;
      return ctx.redirect(`${HOME}?done=expired`);
    }
    if (!sameToken(form.csrf ?? '', flow.csrfToken)) throw new DomainError('csrf_mismatch', 'the form was not sent by this page');
    const { t } = translatorOf(ctx);

    /** The new token's page: its QR code and key right after the re-authentication only; after a
     * wrong code just the field (whoever holds only the session must not get the key). */
    const showReplacement = async (current: SignInFlow, status: number, wrongCode: boolean) => {
      const enrolment = wrongCode ? null : await replacementPage(signin, current);
      if (!wrongCode && !enrolment) throw new DomainError('flow_expired', 'this replacement is no longer pending; start again');
      ctx.status = status;
      await ctx.render('self-service/replace-token.njk', { titleKey: 'account.replace_heading', csrf: current.csrfToken, action: TOKENS, enrolment, message: wrongCode ? 'message.signin.code_failed' : null });
    };
    /** Asks for the PIN (and code) again; true once they prove the account. */
    const confirmed = (subject: { heading: unknown; text: unknown; button: unknown }) =>
      confirmedByReauthentication(ctx, signin, flow, signedIn.account, form, { subject, action: TOKENS, form: { action: form.action ?? '', target: form.target ?? '' }, cancelUrl: HOME });

    // Refused before the PIN is asked, not after (my-tokens.ts checks it again).
    if ((form.action === 'replace_token' || form.action === 'remove_token') && !(await canChangeMyTokens(signin, signedIn.account.id))) {
      throw new DomainError('forbidden', 'token changes need an authenticator app', { messageId: 'account.token_changes_need_app' });
    }
    switch (form.action) {
      case 'replace_token': {
        if (!(await confirmed({ heading: t('account.replace_heading'), text: t('account.replace_text'), button: t('account.replace_button') }))) return;
        const started = await startTokenReplacement(signin, flow);
        return showReplacement(started.flow, 200, false);
      }
      case 'activate_token': {
        const result = await finishTokenReplacement(signin, flow, form.tokencode ?? '', ctx.ip);
        if (result === 'wrong_code') return showReplacement(flow, 400, true);
        ctx.status = 303;
        return ctx.redirect(`${HOME}?done=token_${result}`);
      }
      case 'remove_token': {
        const token = (await signin.tokens.listForAccount(signedIn.account.id)).find((tok) => tok.id === form.target);
        if (!token) throw new DomainError('not_found', 'no such token of yours');
        if (!(await confirmed({ heading: t('account.remove_heading', { serial: token.serial }), text: t('account.remove_text'), button: t('account.remove_button') }))) return;
        await removeMyToken(signin, flow, token.id, ctx.ip);
        ctx.status = 303;
        return ctx.redirect(`${HOME}?done=token_removed`);
      }
      default:
        throw new DomainError('invalid_input', 'unknown action');
    }
  });
}
