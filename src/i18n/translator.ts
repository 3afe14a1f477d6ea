// Turns a message id and its values into text in one language, with ICU MessageFormat
// (intl-messageformat: plurals, selects, numbers). Two flavours: HTML, where every value is
// escaped and the catalogue's own <strong>, <em> and <code> tags become markup (the result is
// marked safe for nunjucks), and plain text, where those tags are dropped. Dates are formatted
// here, in the configured time zone with UTC beside it, so every page and email says them alike.
import { IntlMessageFormat } from 'intl-messageformat';
import nunjucks from 'nunjucks';
import type { Catalogue } from './catalogues.ts';
import { directionOf, type Locale } from './locales.ts';

export type MessageValues = Readonly<Record<string, string | number | Date | nunjucks.runtime.SafeString | null | undefined>>;

export interface Translator {
  readonly locale: Locale;
  readonly dir: 'ltr' | 'rtl';
  /** The message as HTML (nunjucks SafeString): values escaped, catalogue tags kept. */
  t(id: string, values?: MessageValues): nunjucks.runtime.SafeString;
  /** The message as plain text: tags dropped, nothing escaped (emails' text part, headers). */
  text(id: string, values?: MessageValues): string;
  /** A date and time in the configured zone, with UTC beside it when the zone is not UTC. */
  dateTime(date: Date): string;
  /** Whether the catalogue has this id (for ids that come from data, such as a violation). */
  has(id: string): boolean;
}

const TAGS = ['strong', 'em', 'code'] as const;

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface TranslatorOptions {
  readonly locale: Locale;
  readonly catalogue: Catalogue;
  /** Used for an id this catalogue lacks (the completeness test keeps that from happening). */
  readonly fallback: Catalogue;
  readonly timeZone: string;
}

export function createTranslator({ locale, catalogue, fallback, timeZone }: TranslatorOptions): Translator {
  const compiled = new Map<string, IntlMessageFormat>();
  const formatOf = (id: string): IntlMessageFormat | null => {
    let format = compiled.get(id);
    if (!format) {
      const source = Object.hasOwn(catalogue, id) ? catalogue[id] : Object.hasOwn(fallback, id) ? fallback[id] : undefined;
      if (source === undefined) return null;
      format = new IntlMessageFormat(source, locale);
      compiled.set(id, format);
    }
    return format;
  };
  const zoned = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const utc = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' });
  const dateTime = (date: Date): string =>
    timeZone === 'UTC' ? `${new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC` : `${zoned.format(date)} (${utc.format(date)} UTC)`;

  const render = (id: string, values: MessageValues, html: boolean): string => {
    const format = formatOf(id);
    if (!format) return html ? escapeHtml(id) : id;
    const prepared: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      // A message already rendered as HTML (another t() result) is put in as it is.
      if (value instanceof nunjucks.runtime.SafeString) prepared[name] = html ? value.toString() : value.toString().replace(/<[^>]+>/g, '');
      else {
        // Numbers stay numbers (plurals need them); anything else is text, escaped for HTML.
        const shown = value instanceof Date ? dateTime(value) : typeof value === 'number' ? value : String(value ?? '');
        prepared[name] = typeof shown === 'string' && html ? escapeHtml(shown) : shown;
      }
    }
    // The tags' names are reserved: a value by one of these names would be taken for the tag.
    for (const tag of TAGS) prepared[tag] = (chunks: unknown[]) => (html ? `<${tag}>${chunks.join('')}</${tag}>` : chunks.join(''));
    const out = format.format(prepared);
    return Array.isArray(out) ? out.join('') : String(out);
  };

  return {
    locale,
    dir: directionOf(locale),
    t: (id, values = {}) => new nunjucks.runtime.SafeString(render(id, values, true)),
    text: (id, values = {}) => render(id, values, false),
    dateTime,
    has: (id) => Object.hasOwn(catalogue, id) || Object.hasOwn(fallback, id),
  };
}
