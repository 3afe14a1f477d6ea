// New PIN mode end to end (seed 004's flow): the user proves possession with a tokencode (plus
// the old PIN when one is set), chooses a PIN that meets the policy, and lands in the client
// that asked, without an extra step. Real database, openid-client as the relying party.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPinHasher } from '../../src/security/pin-hasher.ts';
import { forcePinChange } from '../../src/usecases/admin/force-pin-change.ts';
import { resetPin } from '../../src/usecases/admin/reset-pin.ts';
import { beginAuthorization, redeem, type Authorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { alertText, heading, submitPasscode, submitUsername } from '../support/signin.ts';
import type { Page } from '../support/user-agent.ts';

const hasher = createPinHasher({ memoryKiB: 19456, passes: 2, parallelism: 1 });

function reasons(page: Page): string[] {
  return [...page.html.matchAll(/<ul class="reasons">([\s\S]*?)<\/ul>/g)].flatMap((m) => [...m[1]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((li) => li[1]!.trim()));
}

async function submitNewPin(auth: Authorization, page: Page, newPin: string, confirmPin = newPin): Promise<Page> {
  return auth.agent.submit(page, { newPin, confirmPin });
}

describe('New PIN mode', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer({
      pinPolicy: { minLength: 4, maxLength: 8, complexity: 'numeric', maxRepeatedDigits: 1, forbidSequences: true, bannedPins: ['19??'], historyCount: 3, expiryDays: 30, expiryAction: 'force-change' },
    });
    client = await server.createClient();
  });
  after(async () => server?.close());

  async function toPasscodePage(user: TestUser) {
    const auth = await beginAuthorization(server.issuer, client);
    return { auth, page: await submitUsername(auth.agent, auth.page, user.username) };
  }

  test('first sign-in of an account with no PIN: tokencode, then a new PIN, then the client', async () => {
    const user = await server.createUser({ pin: null });
    const { auth, page } = await toPasscodePage(user);
    assert.equal(heading(page), 'Enter your tokencode');
    assert.doesNotMatch(page.html, /name="pin"/);

    const newPinPage = await auth.agent.submit(page, { tokencode: await user.code() });
    assert.equal(newPinPage.status, 200);
    assert.equal(heading(newPinPage), 'Choose your PIN');
    assert.match(newPinPage.html, /<p>Your new PIN must have:<\/p>\s*<ul class="rules"><li>4 to 8 digits<\/li>/);
    assert.match(newPinPage.html, /<li>no sequences such as 1234, 2468 or 7654<\/li>/);

    const done = await submitNewPin(auth, newPinPage, '5831');
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `expected the client, got ${done.status} ${heading(done)}`);
    const claims = (await redeem(auth, done.leftTo!)).claims()!;
    assert.deepEqual(claims.amr, ['otp'], 'only the tokencode was proven in this sign-in');
    assert.equal(claims.acr, server.config.signin.acrTokencodeOnly);

    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(account.pin.state, 'SET');
    assert.equal(await hasher.verify(account.pin.hash!, '5831'), true);

    // The next sign-in uses the new PIN and is a full two-factor sign-in.
    server.clock.advanceSeconds(30);
    const next = await toPasscodePage(user);
    const finished = await submitPasscode(next.auth.agent, next.page, '5831', await user.code());
    assert.deepEqual((await redeem(next.auth, finished.leftTo!)).claims()!.amr, ['pin', 'otp', 'mfa']);
  });

  test('a forced change asks for the old PIN and code, then a new PIN, and lands in the client', async () => {
    const user = await server.createUser({ pin: '7204' });
    assert.deepEqual(await forcePinChange(server.app.admin, { username: user.username }), { accounts: 1 });
    const { auth, page } = await toPasscodePage(user);
    assert.equal(heading(page), 'Enter your PIN and tokencode');

    const wrong = await submitPasscode(auth.agent, page, '9999', await user.code());
    assert.equal(wrong.status, 401, 'a wrong old PIN does not enter New PIN mode');

    const newPinPage = await submitPasscode(auth.agent, wrong, '7204', await user.code());
    assert.equal(heading(newPinPage), 'Choose a new PIN');
    const done = await submitNewPin(auth, newPinPage, '3852');
    assert.ok(done.leftTo?.startsWith(client.redirectUri));
    assert.deepEqual((await redeem(auth, done.leftTo!)).claims()!.amr, ['pin', 'otp', 'mfa']);
    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(account.pin.state, 'SET');
    assert.equal(account.pin.history.length, 1, 'the replaced PIN joins the history as a hash');
    assert.equal(await hasher.verify(account.pin.history[0]!, '7204'), true);
    assert.ok(!JSON.stringify(account.pin).includes('7204') && !JSON.stringify(account.pin).includes('3852'), 'no clear PIN stored');
  });

  test('a policy violation and a mismatch return to the same form with every reason; no second code is asked', async () => {
    const user = await server.createUser({ pin: null });
    const { auth, page } = await toPasscodePage(user);
    const newPinPage = await auth.agent.submit(page, { tokencode: await user.code() });

    const sequence = await submitNewPin(auth, newPinPage, '1234');
    assert.equal(sequence.status, 400);
    assert.equal(heading(sequence), 'Choose your PIN');
    assert.deepEqual(reasons(sequence), [
      'The PIN must not be a sequence of digits such as 1234, 2468 or 7654.',
      'This PIN is one of the most commonly used PINs, which are guessed first; please choose another one.',
    ]);

    const date = await submitNewPin(auth, sequence, '2512');
    assert.deepEqual(reasons(date), ['The PIN must not be a date or a year (such as 1987, 2512 or 25121987): they are easy to guess.']);

    const many = await submitNewPin(auth, date, '19a');
    assert.deepEqual(reasons(many).length >= 2, true, reasons(many).join(' | '));
    assert.ok(reasons(many).some((r) => /at least 4/.test(r)));
    assert.ok(reasons(many).some((r) => /only digits/i.test(r)));

    const mismatch = await submitNewPin(auth, many, '5831', '5832');
    assert.match(alertText(mismatch) ?? '', /not the same/);

    // Still the same flow: a valid PIN now completes with no new tokencode.
    const done = await submitNewPin(auth, mismatch, '5831');
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `got ${done.status} ${heading(done)}`);
  });

  test('the validate API\'s two-answer fields are nothing on the New PIN page: the PIN stored is the one judged', async () => {
    const user = await server.createUser({ pin: '7204' });
    await forcePinChange(server.app.admin, { username: user.username });
    const { auth, page } = await toPasscodePage(user);
    const newPinPage = await submitPasscode(auth.agent, page, '7204', await user.code());
    assert.equal(heading(newPinPage), 'Choose a new PIN');
    const once = await auth.agent.submit(newPinPage, { newPinOnce: '5831' });
    assert.equal(heading(once), 'Choose a new PIN', 'judged as an empty New PIN form');
    const forged = await auth.agent.submit(once, { newPinAgain: '5831', newPin: '1', confirmPin: '1' });
    assert.equal(heading(forged), 'Choose a new PIN');
    assert.match(forged.html, /This PIN cannot be used/);
    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(account.pin.state, 'CHANGE_FORCED', 'no PIN was stored');
    assert.equal(await hasher.verify(account.pin.hash!, '7204'), true);
  });

  test('a double submit of the New PIN form stores one PIN, never both', async () => {
    const user = await server.createUser({ pin: null });
    const { auth, page } = await toPasscodePage(user);
    const newPinPage = await auth.agent.submit(page, { tokencode: await user.code() });
    const [a, b] = await Promise.all([submitNewPin(auth, newPinPage, '5831'), submitNewPin(auth, newPinPage, '6029')]);
    const winners = [a, b].filter((r) => r.leftTo !== null);
    assert.equal(winners.length, 1, `statuses ${a.status} ${b.status}`);
    assert.equal([a, b].find((r) => r.leftTo === null)!.status, 409);
    const stored = (await server.app.accounts.findById(user.id))!.pin.hash!;
    const winner = a.leftTo ? '5831' : '6029';
    assert.equal(await hasher.verify(stored, winner), true, 'the PIN stored is the one whose request won');
  });

  test('too many refused PINs send the user back to the start', async () => {
    const user = await server.createUser({ pin: null });
    const { auth, page } = await toPasscodePage(user);
    let current = await auth.agent.submit(page, { tokencode: await user.code() });
    for (let i = 0; i < server.config.signin.newPinMaxAttempts - 1; i++) current = await submitNewPin(auth, current, '1111');
    const last = await submitNewPin(auth, current, '1111');
    assert.equal(heading(last), 'Sign in');
    assert.match(alertText(last) ?? '', /Too many attempts/);
    assert.equal((await server.app.accounts.findById(user.id))!.pin.state, 'NOT_SET');
  });

  test('an expired PIN (clock moved forward) must be changed; the old PIN and recent ones are refused', async () => {
    const user = await server.createUser({ pin: '7204' });
    server.clock.advanceSeconds(31 * 86_400);
    try {
      const { auth, page } = await toPasscodePage(user);
      const newPinPage = await submitPasscode(auth.agent, page, '7204', await user.code());
      assert.equal(heading(newPinPage), 'Choose a new PIN');
      const same = await submitNewPin(auth, newPinPage, '7204');
      assert.ok(reasons(same).some((r) => /last 3 PINs/.test(r)), reasons(same).join(' | '));
      const done = await submitNewPin(auth, same, '6029');
      assert.ok(done.leftTo);
      const account = (await server.app.accounts.findById(user.id))!;
      assert.equal(account.pin.changedAt!.getTime() > Date.now() + 30 * 86_400_000, true, 'changedAt comes from the provider clock');
    } finally {
      server.clock.advanceSeconds(-31 * 86_400);
    }
  });

  test('an operator-set PIN must be changed at first use when the policy says so', async () => {
    const user = await server.createUser({ pin: '7204', changeOnFirstUse: true });
    assert.equal((await server.app.accounts.findById(user.id))!.pin.state, 'CHANGE_FORCED');
    const { auth, page } = await toPasscodePage(user);
    const newPinPage = await submitPasscode(auth.agent, page, '7204', await user.code());
    assert.equal(heading(newPinPage), 'Choose a new PIN');
  });

  test('a forced change of a group reaches its members only; an admin reset empties the PIN', async () => {
    const member = await server.createUser({ groups: ['finance-x'] });
    const other = await server.createUser({ groups: ['staff'] });
    assert.deepEqual(await forcePinChange(server.app.admin, { group: 'finance-x' }), { accounts: 1 });
    assert.equal((await server.app.accounts.findById(member.id))!.pin.state, 'CHANGE_FORCED');
    assert.equal((await server.app.accounts.findById(other.id))!.pin.state, 'SET');

    assert.deepEqual(await resetPin(server.app.admin, other.username), { state: 'NOT_SET' });
    assert.deepEqual(await resetPin(server.app.admin, other.username), { state: 'NOT_SET' }, 'a reset is idempotent');
    const { page } = await toPasscodePage(other);
    assert.equal(heading(page), 'Enter your tokencode');
  });
});

describe('New PIN mode with random PINs forced', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer({ pinPolicy: { forceRandomPins: true, generatedLength: 6, minLength: 4, maxLength: 8 } });
    client = await server.createClient();
  });
  after(async () => server?.close());

  test('the server generates the PIN, shows it once on an uncached page, and it works next time', async () => {
    const user = await server.createUser({ pin: null });
    const auth = await beginAuthorization(server.issuer, client);
    const tokencodePage = await submitUsername(auth.agent, auth.page, user.username);
    const shown = await auth.agent.submit(tokencodePage, { tokencode: await user.code() });
    assert.equal(shown.status, 200);
    assert.equal(heading(shown), 'Your new PIN');
    assert.equal(shown.headers.get('cache-control'), 'no-store');
    const pin = /<code id="one-time-pin">([^<]+)<\/code>/.exec(shown.html)?.[1];
    assert.ok(pin && /^\d{6}$/.test(pin), `a 6-digit PIN is shown: ${pin}`);

    // Reloading the page does not show it again.
    const reloaded = await auth.agent.get(shown.url);
    assert.ok(!reloaded.html.includes(pin!), 'the PIN is shown only once');

    const done = await auth.agent.submit(reloaded, {});
    assert.ok(done.leftTo?.startsWith(client.redirectUri));

    server.clock.advanceSeconds(30);
    const next = await beginAuthorization(server.issuer, client);
    const finished = await submitPasscode(next.agent, await submitUsername(next.agent, next.page, user.username), pin!, await user.code());
    assert.ok(finished.leftTo, 'the generated PIN signs in');
  });

  test('an operator cannot set a known PIN; a reset issues a random one that must be changed', async () => {
    const user = await server.createUser({ pin: null });
    const { setPin } = await import('../../src/usecases/admin/set-pin.ts');
    await assert.rejects(setPin(server.app.admin, user.username, '5831'), /forces random PINs/);
    const reset = await resetPin(server.app.admin, user.username);
    assert.equal(reset.state, 'CHANGE_FORCED');
    assert.ok('randomPin' in reset && /^\d{6}$/.test(reset.randomPin));
  });
});
