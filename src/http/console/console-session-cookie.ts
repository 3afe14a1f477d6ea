// The web console's session cookie: the console ticket (usecases/console/console-session.ts),
// signed, HTTP-only, SameSite=Strict and limited to /console, re-issued at every request so the
// idle timeout runs from the last one. It holds no secret; the forms' CSRF token is an HMAC of
// its nonce under a key derived from the secret key, so a page of one console session cannot
// post into another.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { ConsoleTicket } from '../../usecases/console/console-session.ts';

const COOKIE = 'pingate_console_session';
const PATH = '/console';

export function readConsoleTicket(ctx: Context): ConsoleTicket | null {
  const value = ctx.cookies.get(COOKIE, { signed: true });
  if (!value) return null;
  try {
    const raw = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { a, s, t, l, n } = raw;
    if (typeof a !== 'string' || typeof s !== 'string' || typeof t !== 'number' || typeof l !== 'number' || typeof n !== 'string') return null;
    return { accountId: a, sessionUid: s, signedInAt: new Date(t), lastSeenAt: new Date(l), nonce: n };
  } catch {
    return null;
  }
}

export function writeConsoleTicket(ctx: Context, ticket: ConsoleTicket | null, maxAgeMs: number): void {
  const value = ticket
    ? Buffer.from(JSON.stringify({ a: ticket.accountId, s: ticket.sessionUid, t: ticket.signedInAt.getTime(), l: ticket.lastSeenAt.getTime(), n: ticket.nonce })).toString('base64url')
    : null;
  ctx.cookies.set(COOKIE, value, { signed: true, httpOnly: true, sameSite: 'strict', path: PATH, maxAge: ticket ? maxAgeMs : undefined });
}

export const consoleCsrfToken = (key: Buffer, ticket: ConsoleTicket): string => createHmac('sha256', key).update(`console-csrf:${ticket.nonce}`).digest('base64url');

export function isConsoleCsrfToken(key: Buffer, ticket: ConsoleTicket, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(consoleCsrfToken(key, ticket));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
