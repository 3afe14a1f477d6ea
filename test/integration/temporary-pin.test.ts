// A PIN reset with a generated temporary PIN, as the helpdesk gives one (console, API or CLI):
// shown once, or emailed through a real SMTP server so that only the mailbox sees it; the
// temporary PIN signs in once with the tokencode and leads to New PIN mode. An account that
// cannot receive email is refused before anything changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resetPin } from '../../src/usecases/admin/reset-pin.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import type { TestServer } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { codeIn, TestSmtpServer, withMailingServer } from '../support/smtp.ts';

describe('a temporary PIN from a reset', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  withMailingServer(smtp, {}, (s) => {
    server = s;
  });

  test('emailed: the result carries no PIN, the email does, and it leads to New PIN mode', async () => {
    const user = await server.createUser();
    const result = await resetPin(server.app.admin, user.username, { temporaryPin: 'email' });
    assert.deepEqual(result, { state: 'CHANGE_FORCED', emailed: true });
    const [email] = (await smtp.waitFor(user.email)).slice(-1);
    const temporary = codeIn(email!);
    server.clock.advanceSeconds(30);
    const client = await server.createClient();
    const auth = await beginAuthorization(server.issuer, client);
    const next = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), temporary, await user.code());
    assert.equal(heading(next), 'Choose a new PIN');
    const audit = await server.app.audit.query({ event: 'pin.reset', accountId: user.id, limit: 1 });
    assert.equal(audit[0]?.details?.emailed, true);
    assert.ok(!JSON.stringify(audit).includes(temporary), 'the PIN is in no audit record');
  });

  test('shown: returned once; an account without an email address cannot have it emailed', async () => {
    const user = await server.createUser();
    const shown = await resetPin(server.app.admin, user.username, { temporaryPin: 'show' });
    assert.ok('randomPin' in shown && /^\d{6,8}$/.test(shown.randomPin));

    const { updateAccount } = await import('../../src/usecases/admin/manage-account.ts');
    const silent = await server.createUser();
    await updateAccount(server.app.admin, silent.username, { email: null });
    const before = await server.app.accounts.findByUsername(silent.username);
    await assert.rejects(resetPin(server.app.admin, silent.username, { temporaryPin: 'email' }), /no email address/);
    assert.deepEqual((await server.app.accounts.findByUsername(silent.username))!.pin, before!.pin, 'nothing changed');
  });
});
