// Each email, for each reason it is sent, renders a plain-text and an HTML part in the chosen
// language, branded, with times in the configured zone and UTC, and nothing unescaped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { createEmailTemplates } from '../../src/delivery/email-templates.ts';
import { brandOf } from '../../src/http/brand.ts';
import { createI18n } from '../../src/i18n/index.ts';

const config = loadConfig({
  env: { NODE_ENV: 'test' },
  overrides: { ui: { productName: 'Acme Sign-in', timeZone: 'America/New_York', support: { name: 'Acme IT', email: 'it@acme.example', phone: '', url: '' } } },
});
const i18n = createI18n(config.ui);
const templates = createEmailTemplates(config.ui, brandOf(config.ui));
const en = i18n.translator('en');
const at = new Date('2026-07-01T16:30:00Z');
const code = (reason: string) =>
  templates.render('signin-code', en, { name: 'Jane <Doe>', username: 'jane', code: '12345678', minutes: 5, clientName: 'Payroll & Co', reason, time: en.dateTime(at) });

test('a code sent after the right PIN warns that the PIN is known', () => {
  const mail = code('after_pin');
  assert.equal(mail.subject, 'Your sign-in code for Payroll & Co');
  assert.match(mail.text, /someone knows your PIN/);
  assert.match(mail.text, /^ {4}12345678$/m);
  assert.match(mail.text, /valid for 5 minutes/);
  assert.match(mail.text, /July 1, 2026 at 12:30 PM \(4:30 PM UTC\)/);
  assert.match(mail.html, /Payroll &amp; Co/);
  assert.match(mail.html, /Jane &lt;Doe&gt;/);
  assert.match(mail.text, /Acme Sign-in/);
  assert.match(mail.text, /Acme IT, it@acme\.example/);
});

test('a code for an account without a PIN does not claim that someone knows the PIN', () => {
  const mail = code('without_pin');
  assert.doesNotMatch(mail.text + mail.html, /knows your PIN/);
  assert.match(mail.text, /someone may be trying to sign in as you/);
});

test('a forgotten-PIN code says what it is for and that ignoring it is safe', () => {
  const mail = code('recovery');
  assert.equal(mail.subject, 'Your code to reset your PIN');
  assert.match(mail.text, /asked to reset the PIN of your account jane/);
  assert.match(mail.text, /you can ignore this email/);
  assert.doesNotMatch(mail.text, /knows your PIN/);
});

test('notices: locked, changed, change required and a random PIN, each with text and HTML', () => {
  const mails = [
    templates.render('account-locked', en, { name: 'Jane', username: 'jane', time: en.dateTime(at), until: null }),
    templates.render('pin-changed', en, { name: 'Jane', username: 'jane', time: en.dateTime(at), clientName: 'Payroll' }),
    templates.render('pin-change-required', en, { name: 'Jane', username: 'jane', reason: 'expiring', expiresAt: en.dateTime(at) }),
    templates.render('random-pin', en, { name: 'Jane', username: 'jane', pin: '583017', time: en.dateTime(at) }),
  ];
  for (const mail of mails) {
    assert.ok(mail.subject.length > 0);
    assert.match(mail.text, /^Hello Jane,/);
    assert.match(mail.html, /^<!doctype html>/);
    assert.match(mail.html, /<html lang="en" dir="ltr">/);
    assert.doesNotMatch(mail.text, /<[a-z]+>/, 'no markup in the text part');
  }
  assert.match(mails[0]!.text, /Contact your helpdesk to unlock it/);
  assert.match(mails[3]!.text, /^ {4}583017$/m);
});
