// The username as this browser typed it, shown back on the pages after the username step
// ("Signing in as ..."). The server keeps what was typed only when it names an account
// (usecases/signin/typed-username.ts), and every page must look the same whether or not it does:
// so the pages show what the browser sent, for every username, carried in a signed cookie scoped
// to the flow's pages (the browser knows it already; the database never holds it).
import type { RouterContext } from '@koa/router';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { normalizeUsername } from '../../domain/username.ts';

// normalizeUsername() bounds what was typed (256 characters): the cookie stays well under 4 kB.
const COOKIE = 'pingate_username';

const cookieOptions = (ctx: RouterContext, path: string) => ({ signed: true, httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, path, overwrite: true });

/** What the browser typed at the username step of the flow whose pages are at `path`, if it sent it. */
export function typedUsername(ctx: RouterContext): string | null {
  const value = ctx.cookies.get(COOKIE, { signed: true });
  return value ? Buffer.from(value, 'base64url').toString('utf8') : null;
}

/**
 * After a submitted step: remembers the username typed at the username step, forgets it when the
 * flow is back on the username page or done, and answers what this response shows.
 */
export function keepTypedUsername(ctx: RouterContext, path: string, before: SignInFlow, after: SignInFlow, form: { readonly username?: string | undefined }): string | null {
  if (after.state === 'USERNAME_REQUIRED' || after.state === 'COMPLETED') {
    ctx.cookies.set(COOKIE, null, cookieOptions(ctx, path));
    return null;
  }
  if (before.state !== 'USERNAME_REQUIRED') return typedUsername(ctx);
  const typed = normalizeUsername(form.username ?? '');
  ctx.cookies.set(COOKIE, Buffer.from(typed, 'utf8').toString('base64url'), cookieOptions(ctx, path));
  return typed;
}
