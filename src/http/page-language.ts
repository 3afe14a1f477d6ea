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

/** Puts the page locals in ctx.state, the language chosen only when a page or an email first
 * needs it: token, introspection and API requests, which render nothing, never pay for it. */
function defineLocals(ctx: Context, choose: () => Translator, brand: Brand): void {
  let chosen: Translator | undefined;
  const translator = () => (chosen ??= choose());
  const lazy = (get: () => unknown): PropertyDescriptor => ({ get, enumerable: true, configurable: true });
  Object.defineProperties(ctx.state, {
    translator: lazy(translator),
    t: lazy(() => translator().t),
    tx: lazy(() => translator().text),
    lang: lazy(() => translator().locale),
    dir: lazy(() => translator().dir),
    brand: { value: brand, enumerable: true, configurable: true, writable: true },
  });
}

/** Sets the page locals from Accept-Language and a ui_locales query parameter (as on /auth). */
export function pageLanguage(i18n: I18n, brand: Brand): Middleware {
  return async (ctx, next) => {
    const uiLocales = typeof ctx.query.ui_locales === 'string' ? ctx.query.ui_locales : null;
    defineLocals(ctx, () => i18n.choose({ uiLocales, acceptLanguages: ctx.acceptsLanguages() }), brand);
    await next();
  };
}

/** Once the flow (or the interaction) is known, its ui_locales come first. */
export function useUiLocales(ctx: Context, i18n: I18n, uiLocales: string | null | undefined): void {
  if (!uiLocales) return;
  defineLocals(ctx, () => i18n.choose({ uiLocales, acceptLanguages: ctx.acceptsLanguages() }), (ctx.state as PageLocals).brand);
}

export const translatorOf = (ctx: Context): Translator => (ctx.state as PageLocals).translator;
