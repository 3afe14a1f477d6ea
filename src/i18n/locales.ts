// The languages Pingate ships catalogues for (locales/<tag>.json), and their writing direction.
export const SHIPPED_LOCALES = ['en', 'de', 'fr', 'es', 'nl'] as const;

export type Locale = (typeof SHIPPED_LOCALES)[number];

/** Scripts written right to left; none of the shipped languages is, but `dir` is always set
 * from here so a catalogue added later gets it right. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

export const directionOf = (locale: string): 'ltr' | 'rtl' => (RIGHT_TO_LEFT.has(locale.split('-')[0]!) ? 'rtl' : 'ltr');
