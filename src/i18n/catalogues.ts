// The message catalogues: locales/<tag>.json, one flat object of ICU MessageFormat strings per
// language. Read once at start; a catalogue that is missing or not an object of strings stops
// the start (a page must never show a raw key because a file was broken).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/load.ts';
import type { Locale } from './locales.ts';

export type Catalogue = Readonly<Record<string, string>>;

export const cataloguesDir = path.join(projectRoot, 'locales');

export function readCatalogue(locale: string, dir = cataloguesDir): Catalogue {
  const file = path.join(dir, `${locale}.json`);
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file}: not an object`);
  for (const [key, text] of Object.entries(value)) {
    if (typeof text !== 'string') throw new Error(`${file}: ${key} is not a string`);
  }
  return value as Catalogue;
}

export function readCatalogues(locales: readonly Locale[], dir = cataloguesDir): ReadonlyMap<Locale, Catalogue> {
  return new Map(locales.map((locale) => [locale, readCatalogue(locale, dir)]));
}
