// The passcode permutations in the pages' single passcode field (signin.passcodeField
// "combined"): PIN + code + new PIN twice changes the PIN in one go and lands in the client; a
// refused new PIN opens the New PIN page with every reason, possession already proven; a wrong PIN
// with a new PIN changes nothing; an account without a PIN types the code alone (then the New PIN
// page) or the code and its new PIN twice in the same field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPinHasher } from '../../src/security/pin-hasher.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { alertText, heading, submitUsername } from '../support/signin.ts';

const hasher = createPinHasher({ memoryKiB: 19456, passes: 2, parallelism: 1 });

describe('passcode permutations in the one-field passcode page', () => {
  let server: TestServer;
  let client: TestClient;
  before(async () => {
    server = await startTestServer({ signin: { passcodeField: 'combined' } });
    client = await server.createClient();
  });
  after(async () => server?.close());

  async function passcodePage(user: TestUser) {
    const auth = await beginAuthorization(server.issuer, client);
    const page = await submitUsername(auth.agent, auth.page, user.username);
    const submit = (passcode: string) => auth.agent.submit(page, { passcode }, page.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, ''));
    return { auth, page, submit };
  }

  test('PIN + code + new PIN twice: the PIN is changed and the user lands in the client', async () => {
    const user = await server.createUser({ pin: '836194' });
    const { auth, page, submit } = await passcodePage(user);
    assert.equal(heading(page), 'Enter your passcode');
    const done = await submit(`836194${await user.code()}481726481726`);
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `${done.status} ${heading(done)} ${alertText(done)}`);
    assert.deepEqual((await redeem(auth, done.leftTo!)).claims()!.amr, ['pin', 'otp', 'mfa']);
    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(await hasher.verify(account.pin.hash!, '481726'), true);
    const audit = await server.app.audit.query({ accountId: user.id, event: 'pin.changed', limit: 5 });
    assert.equal(audit.length, 1);
  });

  test('a refused new PIN opens the New PIN page with every reason; possession stays proven', async () => {
    const user = await server.createUser({ pin: '836194' });
    const { submit } = await passcodePage(user);
    const page = await submit(`836194${await user.code()}123456123456`);
    assert.equal(heading(page), 'Choose a new PIN');
    assert.match(page.html, /sequence/i);
    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(await hasher.verify(account.pin.hash!, '836194'), true, 'unchanged');
  });

  test('a wrong PIN with a new PIN is the usual failure and changes nothing', async () => {
    const user = await server.createUser({ pin: '836194' });
    const { submit } = await passcodePage(user);
    const page = await submit(`000000${await user.code()}481726481726`);
    assert.equal(page.status, 401);
    assert.equal(heading(page), 'Enter your passcode');
    assert.equal(await hasher.verify((await server.app.accounts.findById(user.id))!.pin.hash!, '836194'), true);
  });

  test('an account without a PIN: the code alone leads to the New PIN page; code + new PIN twice sets it at once', async () => {
    const first = await server.createUser({ pin: null });
    const one = await passcodePage(first);
    assert.equal(heading(one.page), 'Enter your tokencode');
    assert.match(one.page.html, /name="passcode" type="password"/);
    assert.equal(heading(await one.submit(await first.code())), 'Choose your PIN');

    const second = await server.createUser({ pin: null });
    const { auth, submit } = await passcodePage(second);
    const done = await submit(`${await second.code()}582947582947`);
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `${done.status} ${heading(done)} ${alertText(done)}`);
    assert.deepEqual((await redeem(auth, done.leftTo!)).claims()!.amr, ['otp']);
    assert.equal(await hasher.verify((await server.app.accounts.findById(second.id))!.pin.hash!, '582947'), true);
  });
});
