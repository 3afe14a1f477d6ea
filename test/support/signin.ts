// Drives the sign-in pages over HTTP the way a browser would: username, then PIN + tokencode.
import type { Page, UserAgent } from './user-agent.ts';

export async function submitUsername(agent: UserAgent, page: Page, username: string): Promise<Page> {
  return agent.submit(page, { username });
}

export async function submitPasscode(agent: UserAgent, page: Page, pin: string, tokencode: string): Promise<Page> {
  return agent.submit(page, { pin, tokencode }, page.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, ''));
}

/** The text of the alert on a page, or null. */
export function alertText(page: Page): string | null {
  const match = /role="alert"[^>]*>([\s\S]*?)<\/(?:div|p)>/.exec(page.html);
  return match ? match[1]!.trim() : null;
}

export function heading(page: Page): string | null {
  const match = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(page.html);
  return match ? match[1]!.replace(/<[^>]+>/g, '').trim() : null;
}
