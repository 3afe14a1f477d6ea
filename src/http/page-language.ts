// The language of a page: chosen per request (the client's ui_locales when known, then
// Accept-Language, then ui.defaultLocale) and put in ctx.state, where koa-views and the direct
// renders of oidc-provider's pages both read it: `t`, `lang`, `dir` and `brand` in every template.
import type { Context, Middleware } from 'koa';
import type { I18n, Translator } from '../i18n/index.ts';
import type { Brand } from './brand.ts';

export interface PageLocals {
  readonly t: Translator['t'];
  /** The plain-text form, for attribute values (autoescaped there like any other text). */
  readonly tx: Translator['text'];
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly brand: Brand;
  readonly translator: Translator;
}

const localsOf = (translator: Translator, brand: Brand): PageLocals => ({ t: translator.t, tx: translator.text, lang: translator.locale, dir: translator.dir, brand, translator });

/** Sets the page locals from Accept-Language and a ui_locales query parameter (as on /auth). */
export function pageLanguage(i18n: I18n, brand: Brand): Middleware {
  return async (ctx, next) => {
    const uiLocales = typeof ctx.query.ui_locales === 'string' ? ctx.query.ui_locales : null;
    Object.assign(ctx.state, localsOf(i18n.choose({ uiLocales, acceptLanguages: ctx.acceptsLanguages() }), brand));
    await next();
  };
}

/** Once the flow (or the interaction) is known, its ui_locales come first. */
export function useUiLocales(ctx: Context, i18n: I18n, uiLocales: string | null | undefined): void {
  if (!uiLocales) return;
  const brand = (ctx.state as Partial<PageLocals>).brand!;
  Object.assign(ctx.state, localsOf(i18n.choose({ uiLocales, acceptLanguages: ctx.acceptsLanguages() }), brand));
}

export const translatorOf = (ctx: Context): Translator => (ctx.state as PageLocals).translator;
