// The console's actions: GET /console/confirm/<action> shows what will happen to what, with the
// fields the action needs (pre-filled when it edits something); POST /console/do/<action> takes
// it, with the console's CSRF token (checked by consoleUser before this runs). A refused input
// re-renders the confirmation page with the reason and the typed values (never a PIN); what is
// shown once (a random PIN, an enrolment code, a TOTP key, a client secret) is on the page that
// answers the POST, never in a URL, and never again.
import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { isDomainError, DomainError } from '../../domain/errors.ts';
import { requireAccount } from '../../usecases/admin/find-account.ts';
import { requireClient } from '../../usecases/admin/manage-clients.ts';
import { clientJson } from '../../usecases/admin/client-representation.ts';
import type { AdminDependencies } from '../../usecases/admin/dependencies.ts';
import { statusByCode } from '../error-handler.ts';
import { translatorOf } from '../page-language.ts';
import { consoleUserOf } from './console-auth.ts';
import { consoleAction, mayTake, type ConsoleAction, type ConsoleSubject } from './console-actions.ts';
import { renderConsole } from './render.ts';

type Form = Readonly<Record<string, string | undefined>>;

/** What the action acts on, read from the request and checked to exist; a token's account is
 * looked up from the token, never taken from the request. */
async function subjectOf(deps: AdminDependencies, action: ConsoleAction, given: Form): Promise<ConsoleSubject> {
  switch (action.target) {
    case 'account':
      return { username: (await requireAccount(deps.accounts, given.username ?? '')).username };
    case 'token': {
      const token = await deps.tokens.findBySerial(given.serial ?? '');
      const account = token ? await deps.accounts.findById(token.accountId) : null;
      if (!token || !account) throw new DomainError('not_found', `no token with serial ${given.serial ?? ''}`);
      return { serial: token.serial, username: account.username };
    }
    case 'client':
      return { clientId: (await requireClient(deps, given.client ?? '')).metadata.client_id };
    case 'none':
      return {};
  }
}

/** The values an editing action's form starts with: what the thing is now. */
async function currentValues(deps: AdminDependencies, action: ConsoleAction, subject: ConsoleSubject): Promise<Record<string, string>> {
  if (action.name === 'update_account') {
    const account = await requireAccount(deps.accounts, subject.username!);
    return { name: account.displayName ?? '', email: account.email ?? '', groups: account.groups.join(', ') };
  }
  if (action.name === 'update_client') {
    const client = clientJson(await requireClient(deps, subject.clientId!));
    return { name: client.name ?? '', redirect_uris: client.redirectUris.join('\n'), post_logout_redirect_uris: client.postLogoutRedirectUris.join('\n'), first_party: client.firstParty ? 'on' : '' };
  }
  return {};
}

/** The action named in the path, if this person may take it. */
function permitted(ctx: RouterContext): ConsoleAction {
  const action = consoleAction(ctx.params.action!);
  if (!action) throw new DomainError('not_found', 'no such console action');
  if (!mayTake(consoleUserOf(ctx).role, action)) throw new DomainError('forbidden', 'only an administrator may do this', { messageId: 'console.admin_only' });
  return action;
}

async function confirmPage(ctx: RouterContext, action: ConsoleAction, subject: ConsoleSubject, values: Form, error: string | null): Promise<void> {
  // Never echo a PIN back into a page.
  const { pin: _pin, csrf: _csrf, ...shown } = values;
  await renderConsole(ctx, 'confirm.njk', action.target === 'client' || action.name.includes('client') ? 'clients' : action.name === 'force_group_pin_change' ? 'policy' : 'accounts', {
    titleKey: `console.action.${action.name}.title`,
    action: { name: action.name, destructive: action.destructive, fields: action.fields },
    subject,
    values: shown,
    error,
  });
}

export function mountActionPages(router: Router): void {
  router.get('/confirm/:action', async (ctx) => {
    const action = permitted(ctx);
    const { admin } = consoleUserOf(ctx);
    // A repeated parameter counts once: the use cases only ever see text.
    const query = Object.fromEntries(Object.entries(ctx.query).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
    const subject = await subjectOf(admin, action, query);
    await confirmPage(ctx, action, subject, await currentValues(admin, action, subject), null);
  });

  router.post('/do/:action', async (ctx) => {
    const action = permitted(ctx);
    const { admin } = consoleUserOf(ctx);
    const form = (ctx.request.body ?? {}) as Form;
    const subject = await subjectOf(admin, action, form);
    let result;
    try {
      result = await action.run(admin, subject, form);
    } catch (error) {
      if (!isDomainError(error) || error.code === 'delivery_failed') throw error;
      // The reason in the page's language when the catalogue has it, else the use case's
      // precise sentence (the console's users are staff: they need the detail).
      const translator = translatorOf(ctx);
      const messageId = typeof error.details.messageId === 'string' ? error.details.messageId : null;
      ctx.status = statusByCode[error.code];
      return confirmPage(ctx, action, subject, form, messageId && translator.has(`message.${messageId}`) ? translator.text(`message.${messageId}`) : error.message);
    }
    if ('notice' in result) {
      ctx.status = 303;
      ctx.redirect(`${result.back}?done=${result.notice}`);
      return;
    }
    const translator = translatorOf(ctx);
    await renderConsole(ctx, 'once.njk', action.target === 'client' || action.name.includes('client') ? 'clients' : 'accounts', {
      titleKey: `console.once.${result.once.kind}.title`,
      once: { ...result.once, expiresAt: result.once.expiresAt ? translator.dateTime(result.once.expiresAt) : null },
      subject,
      back: result.back,
    });
  });
}
