// Which language a page or email is in: the first of the client's ui_locales (OIDC Core 3.1.2.1,
// space-separated BCP 47 tags) that Pingate offers, then the browser's Accept-Language in its
// order of preference, then the configured default. "de-AT" is served by "de".
import { match } from '@formatjs/intl-localematcher';
import type { Locale } from './locales.ts';

export interface LocaleWishes {
  /** The ui_locales parameter of the authorization request, as sent. */
  readonly uiLocales?: string | null;
  /** Accept-Language, best first (koa's ctx.acceptsLanguages()). */
  readonly acceptLanguages?: readonly string[];
}

const wellFormed = (tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};

export function chooseLocale(wishes: LocaleWishes, offered: readonly Locale[], fallback: Locale): Locale {
  const requested = (list: readonly string[]) => list.filter((tag) => tag !== '*' && wellFormed(tag));
  for (const list of [requested((wishes.uiLocales ?? '').split(' ')), requested(wishes.acceptLanguages ?? [])]) {
    if (list.length === 0) continue;
    const found = match(list, offered, '', { algorithm: 'lookup' });
    if (found) return found as Locale;
  }
  return fallback;
}
