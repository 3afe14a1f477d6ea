// Pages and emails in the user's language: the client's ui_locales first, then the browser's
// Accept-Language, then ui.defaultLocale; the flow keeps its language for every page and email.
// Expected texts come from the catalogues themselves, and are checked not to be the English ones.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readCatalogue } from '../../src/i18n/catalogues.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import type { TestClient, TestServer, TestUser } from '../support/server.ts';
import { heading, submitUsername } from '../support/signin.ts';
import { codeIn, TestSmtpServer, withMailingServer } from '../support/smtp.ts';
import { UserAgent } from '../support/user-agent.ts';

const en = readCatalogue('en');
const de = readCatalogue('de');
const fr = readCatalogue('fr');
const plain = (text: string) => text.replace(/<[^>]+>/g, '');

describe('pages and emails in the user’s language', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let client: TestClient;
  withMailingServer(smtp, { ui: { timeZone: 'Europe/Berlin' } }, (s, c) => {
    server = s;
    client = c;
  }, { name: 'Payroll' });

  /** Signs an email-token user in up to the emailed code; returns the code page and the email. */
  async function toEmailedCode(user: TestUser, extra: Record<string, string>, headers: Record<string, string>) {
    const auth = await beginAuthorization(server.issuer, client, extra, new UserAgent(server.issuer, headers));
    const pinPage = await submitUsername(auth.agent, auth.page, user.username);
    const codePage = await auth.agent.submit(pinPage, { pin: user.pin });
    const [email] = await smtp.waitFor(user.email);
    return { auth, first: auth.page, pinPage, codePage, email: email! };
  }

  test('ui_locales=de: German pages, German email, times in Berlin time and UTC', async () => {
    assert.notEqual(de['username.heading'], en['username.heading']);
    const user = await server.createUser({ token: 'email' });
    const { auth, first, pinPage, codePage, email } = await toEmailedCode(user, { ui_locales: 'de-CH en' }, { 'Accept-Language': 'fr' });
    assert.match(first.html, /<html lang="de" dir="ltr">/);
    assert.equal(heading(first), de['username.heading']);
    assert.equal(heading(pinPage), de['pin.heading']);
    assert.equal(heading(codePage), de['email_code.heading']);
    assert.match(codePage.html, /<html lang="de"/);

    assert.equal(email.subject, de['email.signin_code.subject']!.replace('{client}', 'Payroll'));
    assert.ok(email.text.startsWith(de['email.greeting']!.replace('{name}', `Test ${user.username}`)), email.text);
    assert.ok(email.text.includes(de['email.signin_code.warning']!), 'the text part warns that the PIN is known');
    assert.ok(email.html.includes('lang="de"'), 'the HTML part is German too');
    assert.match(email.text, /MEZ|MESZ|\d{2}:\d{2} \(\d{2}:\d{2} UTC\)/, 'the time is in Berlin time with UTC beside it');

    const done = await auth.agent.submit(codePage, { tokencode: codeIn(email) });
    assert.ok(done.leftTo, 'the German sign-in reaches the client');
    await redeem(auth, done.leftTo);
  });

  test('Accept-Language: fr: French pages and a French email', async () => {
    assert.notEqual(fr['pin.heading'], en['pin.heading']);
    const user = await server.createUser({ token: 'email' });
    const { first, pinPage, codePage, email } = await toEmailedCode(user, {}, { 'Accept-Language': 'fr-CA,fr;q=0.9,en;q=0.5' });
    assert.match(first.html, /<html lang="fr" dir="ltr">/);
    assert.equal(heading(first), fr['username.heading']);
    assert.equal(heading(pinPage), fr['pin.heading']);
    assert.equal(heading(codePage), fr['email_code.heading']);
    assert.equal(email.subject, fr['email.signin_code.subject']!.replace('{client}', 'Payroll'));
    assert.ok(email.text.includes(plain(fr['email.signin_code.intro']!).replace('{client}', 'Payroll')), email.text);
  });

  test('a language Pingate does not offer falls back to the default; an unknown sign-in link in German', async () => {
    const auth = await beginAuthorization(server.issuer, client, { ui_locales: 'pt-BR' }, new UserAgent(server.issuer, { 'Accept-Language': 'ja' }));
    assert.match(auth.page.html, /<html lang="en" dir="ltr">/);
    assert.equal(heading(auth.page), en['username.heading']);

    const agent = new UserAgent(server.issuer, { 'Accept-Language': 'de-DE,de;q=0.9' });
    const lost = await agent.get(`${server.issuer}/interaction/no-such-sign-in`);
    assert.equal(lost.status, 400);
    assert.equal(heading(lost), de['error.heading.session_not_found']);
  });

  test('a forgotten PIN asked for in Dutch gets the recovery email in Dutch, which says what it is for', async () => {
    const nl = readCatalogue('nl');
    const user = await server.createUser();
    const agent = new UserAgent(server.issuer, { 'Accept-Language': 'nl' });
    const start = await agent.get(`${server.issuer}/self-service/forgot-pin`);
    const recovery = await agent.submit(start, { username: user.username });
    assert.equal(heading(recovery), nl['recovery.heading']);
    const [email] = await smtp.waitFor(user.email);
    assert.equal(email!.subject, nl['email.recovery_code.subject']);
    assert.ok(email!.text.includes(nl['email.recovery_code.warning']!), email!.text);
    assert.ok(!email!.text.includes(plain(nl['email.signin_code.warning']!)), 'no "someone knows your PIN" in a recovery email');
  });
});
