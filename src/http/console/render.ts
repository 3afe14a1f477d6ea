// Renders a console page: the person signed in, their role, the forms' CSRF token and the
// section of the navigation the page belongs to, besides the page's own values.
import type { RouterContext } from '@koa/router';
import { consoleUserOf } from './console-auth.ts';

export type ConsoleSection = 'accounts' | 'clients' | 'policy' | 'audit';

export async function renderConsole(ctx: RouterContext, template: string, section: ConsoleSection, locals: Record<string, unknown>): Promise<void> {
  const user = consoleUserOf(ctx);
  await ctx.render(`console/${template}`, {
    ...locals,
    console: { username: user.account.username, role: user.role, csrf: user.csrf, section },
  });
}

/** A notice a finished action left for the page it returned to: a fixed text by name only, so
 * nothing from the URL is reflected. */
export function doneNotice(ctx: RouterContext, known: ReadonlySet<string>): string | null {
  const done = ctx.query.done;
  return typeof done === 'string' && known.has(done) ? `console.done.${done}` : null;
}

/** A whole number from the query string, within limits, or the fallback. */
export function queryNumber(ctx: RouterContext, name: string, fallback: number, max: number): number {
  const value = Number(ctx.query[name]);
  return Number.isInteger(value) && value >= 1 && value <= max ? value : fallback;
}

/** A text from the query string (the first, when repeated), trimmed and bounded. */
export function queryText(ctx: RouterContext, name: string, max = 128): string {
  const value = ctx.query[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text.trim().slice(0, max) : '';
}
