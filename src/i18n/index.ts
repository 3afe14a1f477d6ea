// Pages and emails in the user's language: the catalogues of the offered languages, one
// translator per language (built once), and the choice of language for a request.
import type { Config } from '../config/schema.ts';
import { readCatalogues } from './catalogues.ts';
import { chooseLocale, type LocaleWishes } from './negotiate.ts';
import type { Locale } from './locales.ts';
import { createTranslator, type Translator } from './translator.ts';

export interface I18n {
  readonly defaultLocale: Locale;
  translator(locale: Locale): Translator;
  choose(wishes: LocaleWishes): Translator;
}

export function createI18n(ui: Config['ui'], dir?: string): I18n {
  const offered = ui.locales as readonly Locale[];
  const catalogues = readCatalogues(['en', ...offered.filter((l) => l !== 'en')], dir);
  const english = catalogues.get('en')!;
  const translators = new Map(
    offered.map((locale) => [locale, createTranslator({ locale, catalogue: catalogues.get(locale)!, fallback: english, timeZone: ui.timeZone })]),
  );
  const translator = (locale: Locale): Translator => translators.get(locale) ?? translators.get(ui.defaultLocale as Locale)!;
  return {
    defaultLocale: ui.defaultLocale as Locale,
    translator,
    choose: (wishes) => translator(chooseLocale(wishes, offered, ui.defaultLocale as Locale)),
  };
}

export type { Translator } from './translator.ts';
export type { Locale } from './locales.ts';
