// The console's audit log: filters (account, event, from and to dates), newest first, paged,
// and the same search as CSV. CSV cells that a spreadsheet would read as a formula are
// prefixed with a quote (OWASP's CSV injection advice): usernames and client ids are typed by
// people.
import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { DomainError } from '../../domain/errors.ts';
import { searchAudit, type AuditSearch } from '../../usecases/admin/search-audit.ts';
import type { AuditRecord } from '../../usecases/audit.ts';
import { translatorOf } from '../page-language.ts';
import { auditLine } from './audit-lines.ts';
import { consoleUserOf } from './console-auth.ts';
import { queryNumber, queryText, renderConsole } from './render.ts';

const PAGE_SIZE = 50;
const CSV_LIMIT = 10_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of the query string; a day is read in UTC, `to` including the whole day. */
function filters(ctx: RouterContext) {
  const account = queryText(ctx, 'account');
  const event = queryText(ctx, 'event', 64);
  const from = queryText(ctx, 'from', 10);
  const to = queryText(ctx, 'to', 10);
  const day = (text: string, name: string) => {
    if (!text) return undefined;
    const date = new Date(`${text}T00:00:00Z`);
    if (!DAY.test(text) || Number.isNaN(date.getTime())) throw new DomainError('invalid_input', `${name}: a date such as 2026-11-23`);
    return date;
  };
  const until = day(to, 'to');
  return {
    shown: { account, event, from, to },
    search: { username: account || undefined, event: event || undefined, since: day(from, 'from'), until: until ? new Date(until.getTime() + 86_400_000 - 1) : undefined } satisfies Omit<AuditSearch, 'limit'>,
  };
}

const formulaStart = /^[=+\-@\t\r]/;
const csvCell = (value: string | number | null | undefined): string => {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = formulaStart.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function auditCsv(records: readonly AuditRecord[]): string {
  const header = ['time', 'event', 'outcome', 'account', 'actor', 'reason', 'ip', 'client', 'details'];
  const rows = records.map((r) => [r.time.toISOString(), r.event, r.outcome, r.account?.username, `${r.actor.type}:${r.actor.id}`, r.reason, r.ip, r.clientId, r.details ? JSON.stringify(r.details) : '']);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function mountAuditPage(router: Router): void {
  router.get('/audit', async (ctx) => {
    const { admin } = consoleUserOf(ctx);
    const { shown, search } = filters(ctx);
    const page = queryNumber(ctx, 'page', 1, 10_000);
    // One more than a page: whether there is a next page, without counting the whole log.
    const records = await searchAudit(admin, { ...search, limit: PAGE_SIZE + 1, skip: (page - 1) * PAGE_SIZE });
    const translator = translatorOf(ctx);
    const query = new URLSearchParams(Object.entries(shown).filter(([, value]) => value));
    const link = (to: number) => `/console/audit?${new URLSearchParams([...query, ['page', String(to)]])}`;
    await renderConsole(ctx, 'audit.njk', 'audit', {
      titleKey: 'console.audit.title',
      filters: shown,
      events: records.slice(0, PAGE_SIZE).map((record) => auditLine(translator, record)),
      previous: page > 1 ? link(page - 1) : null,
      next: records.length > PAGE_SIZE ? link(page + 1) : null,
      csv: `/console/audit.csv${query.size ? `?${query}` : ''}`,
    });
  });

  router.get('/audit.csv', async (ctx) => {
    const { admin } = consoleUserOf(ctx);
    const records = await searchAudit(admin, { ...filters(ctx).search, limit: CSV_LIMIT });
    ctx.set('Content-Disposition', `attachment; filename="pingate-audit-${admin.clock.now().toISOString().slice(0, 10)}.csv"`);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = auditCsv(records);
  });
}
