// The console's account pages: the search (username, name, email; a group; paged), and an
// account (PIN state and expiry, lock state and failures, tokens, sessions, recent audit events)
// with the actions the person's role allows on it.
import type Router from '@koa/router';
import { mayManage, type ConsoleGroups } from '../../domain/console-role.ts';
import type { PinExpiryStatus } from '../../domain/pin-policy/index.ts';
import { searchAccounts } from '../../usecases/admin/manage-account.ts';
import { listSessions } from '../../usecases/admin/manage-sessions.ts';
import { searchAudit } from '../../usecases/admin/search-audit.ts';
import { showAccount } from '../../usecases/admin/show-account.ts';
import { showPolicy } from '../../usecases/admin/show-policy.ts';
import { policyLines } from '../pin-policy-lines.ts';
import { administrationLines } from './policy-page.ts';
import { accountJson } from '../../usecases/admin/representations.ts';
import { translatorOf } from '../page-language.ts';
import { consoleUserOf } from './console-auth.ts';
import { CONSOLE_ACTIONS, mayTake } from './console-actions.ts';
import { auditLine } from './audit-lines.ts';
import { doneNotice, queryNumber, queryText, renderConsole } from './render.ts';

const PAGE_SIZE = 20;

/** When the PIN expires, expired, or its grace ends. */
const expiryTime = (expiry: PinExpiryStatus): Date | null => ('expiresAt' in expiry ? expiry.expiresAt : 'graceUntil' in expiry ? expiry.graceUntil : null);
const NOTICES: ReadonlySet<string> = new Set(CONSOLE_ACTIONS.map((action) => action.name).concat('reset_pin_emailed'));

export function mountAccountPages(router: Router, groups: ConsoleGroups): void {
  router.get('/', async (ctx) => {
    const { admin } = consoleUserOf(ctx);
    const search = queryText(ctx, 'q');
    const group = queryText(ctx, 'group', 64);
    const page = queryNumber(ctx, 'page', 1, 100_000);
    const { items, total } = await searchAccounts(admin, { text: search, group: group || undefined, limit: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE });
    const now = admin.clock.now();
    const link = (to: number) => `/console?${new URLSearchParams({ ...(search ? { q: search } : {}), ...(group ? { group } : {}), page: String(to) })}`;
    await renderConsole(ctx, 'accounts.njk', 'accounts', {
      titleKey: 'console.accounts.title',
      notice: doneNotice(ctx, NOTICES),
      search,
      group,
      accounts: items.map((account) => accountJson(account, now, admin.lockout)),
      range: { from: total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1, to: Math.min(page * PAGE_SIZE, total), total },
      previous: page > 1 ? link(page - 1) : null,
      next: page * PAGE_SIZE < total ? link(page + 1) : null,
    });
  });

  router.get('/accounts/:username', async (ctx) => {
    const { admin, role } = consoleUserOf(ctx);
    const translator = translatorOf(ctx);
    const when = (date: Date | null | undefined) => (date ? translator.dateTime(date) : null);
    const account = await showAccount(admin, ctx.params.username!);
    const [sessions, events, policy] = await Promise.all([listSessions(admin, account.username), searchAudit(admin, { username: account.username, limit: 15 }), showPolicy(admin, { username: account.username })]);
    const manageable = mayManage(role, account.groups, groups);
    const offered = (target: 'account' | 'token') => CONSOLE_ACTIONS.filter((action) => action.target === target && manageable && mayTake(role, action));
    const applies = (name: string): boolean => {
      if (name === 'unlock') return account.lockout.locked || account.lockout.failures > 0;
      if (name === 'disable_account') return account.status === 'ACTIVE';
      if (name === 'enable_account') return account.status !== 'ACTIVE';
      // Enrolment codes are for accounts without a working token (the use case refuses others).
      if (name === 'issue_enrolment_code') return !account.tokens.some((token) => token.state === 'ACTIVE');
      return true;
    };
    const tokenActions = offered('token');
    await renderConsole(ctx, 'account.njk', 'accounts', {
      title: account.username,
      notice: doneNotice(ctx, NOTICES),
      account: {
        ...account,
        createdAt: when(account.createdAt),
        pin: {
          state: account.pin.state,
          changedAt: when(account.pin.changedAt),
          expiry: account.pin.expiry ? { kind: account.pin.expiry.kind, at: when(expiryTime(account.pin.expiry)) } : null,
          graceUntil: when(account.pin.graceUntil),
        },
        lockout: { ...account.lockout, lockedAt: when(account.lockout.lockedAt), lockedUntil: when(account.lockout.lockedUntil) },
        tokens: account.tokens.map((token) => ({
          ...token,
          createdAt: when(token.createdAt),
          actions: tokenActions.filter((action) =>
            action.name === 'disable_token' ? token.state === 'ACTIVE' : action.name === 'enable_token' ? token.state === 'DISABLED' : action.name === 'resync_token' ? token.type === 'totp' : true,
          ).map((action) => ({ name: action.name, destructive: action.destructive })),
        })),
      },
      policy: [...policyLines(policy.policy, account.pin.changedAt !== null), ...administrationLines(policy.policy)],
      manageable,
      actions: offered('account').filter((action) => applies(action.name)).map((action) => ({ name: action.name, destructive: action.destructive })),
      sessions: sessions.map((session) => ({ signedInAt: when(session.signedInAt), expiresAt: when(session.expiresAt), clients: session.clients, acr: session.acr })),
      events: events.map((event) => auditLine(translator, event)),
    });
  });
}
