// Every catalogue has every message of the English one, with the same placeholders and tags,
// parses as ICU MessageFormat, has no message English lacks, and formats with sample values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { readCatalogue } from '../../src/i18n/catalogues.ts';
import { SHIPPED_LOCALES } from '../../src/i18n/locales.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import type { SignInMessageId, SignInNoticeId } from '../../src/domain/signin/effects.ts';
import type { DomainErrorCode } from '../../src/domain/errors.ts';
import { statusByCode } from '../../src/http/error-handler.ts';

/** The argument names and tags a message uses (plural/select branches included). */
function namesIn(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        into.add(`{${element.value}}`);
        break;
      case TYPE.plural:
      case TYPE.select:
        into.add(`{${element.value}}`);
        for (const option of Object.values(element.options)) namesIn(option.value, into);
        break;
      case TYPE.tag:
        into.add(`<${element.value}>`);
        namesIn(element.children, into);
        break;
      default:
        break;
    }
  }
  return into;
}

const english = readCatalogue('en');
const sample = (id: string): Record<string, string | number> => {
  const values: Record<string, string | number> = {};
  for (const name of namesIn(parse(english[id]!))) {
    if (name.startsWith('{')) values[name.slice(1, -1)] = /count|min|max|minutes|seconds|length/.test(name) ? 2 : 'x';
  }
  return values;
};

for (const locale of SHIPPED_LOCALES) {
  test(`the ${locale} catalogue has every message, with the same placeholders and tags`, () => {
    const catalogue = readCatalogue(locale);
    const missing = Object.keys(english).filter((id) => !(id in catalogue));
    const extra = Object.keys(catalogue).filter((id) => !(id in english));
    assert.deepEqual(missing, [], `${locale} lacks these messages`);
    assert.deepEqual(extra, [], `${locale} has messages English does not`);
    for (const [id, text] of Object.entries(catalogue)) {
      const theirs = namesIn(parse(text));
      const ours = namesIn(parse(english[id]!));
      assert.deepEqual([...theirs].sort(), [...ours].sort(), `${locale} ${id}: placeholders and tags differ from English`);
      assert.notEqual(text.trim(), '', `${locale} ${id} is empty`);
    }
  });

  test(`every ${locale} message formats, as HTML and as text`, () => {
    const translator = createTranslator({ locale, catalogue: readCatalogue(locale), fallback: english, timeZone: 'Europe/Berlin' });
    for (const id of Object.keys(english)) {
      const html = translator.t(id, sample(id)).toString();
      const text = translator.text(id, sample(id));
      assert.ok(html.length > 0 && !html.includes('{') && !text.includes('<strong>'), `${locale} ${id}: ${html}`);
    }
  });
}

test('values are escaped in HTML, tags of the catalogue are kept, and plain text drops them', () => {
  const translator = createTranslator({ locale: 'en', catalogue: english, fallback: english, timeZone: 'UTC' });
  assert.equal(translator.t('common.signing_in_as', { username: '<img src=x>', client: 'A & B' }).toString(), 'Signing in as <strong>&lt;img src=x&gt;</strong> to <strong>A &amp; B</strong>');
  assert.equal(translator.text('common.signing_in_as', { username: '<b>', client: 'C' }), 'Signing in as <b> to C');
  assert.equal(translator.text('duration.days', { count: 1 }), '1 day');
  assert.equal(translator.text('duration.days', { count: 14 }), '14 days');
});

test('plurals follow each language: German and French', () => {
  const de = createTranslator({ locale: 'de', catalogue: readCatalogue('de'), fallback: english, timeZone: 'UTC' });
  const fr = createTranslator({ locale: 'fr', catalogue: readCatalogue('fr'), fallback: english, timeZone: 'UTC' });
  assert.notEqual(de.text('duration.minutes', { count: 1 }), de.text('duration.minutes', { count: 5 }).replace('5', '1'));
  assert.match(fr.text('duration.minutes', { count: 5 }), /5 minutes/);
});

test('times name the configured zone and UTC', () => {
  const translator = createTranslator({ locale: 'de', catalogue: readCatalogue('de'), fallback: english, timeZone: 'Europe/Berlin' });
  const shown = translator.dateTime(new Date('2026-11-23T21:05:00Z'));
  assert.match(shown, /22:05/);
  assert.match(shown, /21:05 UTC/);
});

test('every message id the sign-in state machine and the error pages can show has a catalogue entry', () => {
  // Written as records over the ids' types, so a new id that is not listed here does not compile.
  const shown = {
    'signin.failed': true, 'signin.username_required': true, 'newpin.mismatch': true, 'newpin.refused': true,
    'newpin.too_many_attempts': true, 'email.delivery_failed': true, 'email.resend_wait': true, 'email.resend_limit': true,
  } satisfies Record<SignInMessageId, true>;
  const notices = {
    'email.sent': true, 'email.resent': true, 'signin.next_tokencode': true, 'recovery.sent': true, 'newpin.enter_again': true,
  } satisfies Record<SignInNoticeId, true>;
  const errors = Object.keys(statusByCode) as DomainErrorCode[];
  for (const id of [...Object.keys(shown), ...Object.keys(notices), ...errors, 'session_not_found', 'service_unavailable', 'server_error', 'not_found']) {
    assert.ok(english[`message.${id}`], `message.${id} is missing from locales/en.json`);
  }
});

test('a message put into another keeps its markup once, escaped once', () => {
  const translator = createTranslator({ locale: 'en', catalogue: english, fallback: english, timeZone: 'UTC' });
  const inner = translator.t('common.signing_in_as', { username: 'a&b', client: 'C' });
  const outer = translator.t('account.event_with_reason', { event: inner, reason: 'x<y' }).toString();
  assert.equal(outer, 'Signing in as <strong>a&amp;b</strong> to <strong>C</strong>: x&lt;y');
});

test('ids that are not messages: no inherited properties, and an unknown id is shown escaped', () => {
  const translator = createTranslator({ locale: 'en', catalogue: english, fallback: english, timeZone: 'UTC' });
  assert.equal(translator.has('constructor'), false);
  assert.equal(translator.has('toString'), false);
  assert.equal(translator.t('<b>no.such.id</b>').toString(), '&lt;b&gt;no.such.id&lt;/b&gt;');
});
