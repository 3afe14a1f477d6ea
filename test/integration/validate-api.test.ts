// The validate API (POST /validate/check) end to end over HTTP, against the real database and a
// real SMTP server: each answer is compared field for field with privacyIDEA's format
// (../shared/privacyidea-validate-shapes.json), and every path the issue names is driven: TOTP
// accepted, wrong PIN, wrong code, unknown user and a locked account alike, replay, lockout, the
// emailed-code challenge, New PIN mode as a chain of challenges, the passcode permutations, Next
// Tokencode mode, and callers that are not registered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPinHasher } from '../../src/security/pin-hasher.ts';
import { forcePinChange } from '../../src/usecases/admin/force-pin-change.ts';
import { registerServiceClient } from '../../src/usecases/admin/register-service-client.ts';
import { startTestServer, uniqueName, type TestServer } from '../support/server.ts';
import { codeIn, TestSmtpServer } from '../support/smtp.ts';

type Body = { detail: Record<string, unknown> | null; id: number; jsonrpc: string; result: Record<string, unknown>; time: number; version: string; versionnumber: string };
const hasher = createPinHasher({ memoryKiB: 19456, passes: 2, parallelism: 1 });

/** A registered validate caller of `server`, and its requests (form-encoded, as plugins send). */
async function validateCaller(server: TestServer, options: { networks?: string[]; withoutSecret?: boolean; name?: string } = {}) {
  const metadata = await registerServiceClient(server.app.admin, { clientId: uniqueName('radius-'), name: options.name ?? 'VPN RADIUS', scopes: ['validate'], ...options });
  const authorization = `Basic ${Buffer.from(`${metadata.client_id}:${metadata.client_secret}`).toString('base64')}`;
  const check = async (fields: Record<string, string>, headers: Record<string, string> = { authorization }): Promise<{ status: number; body: Body }> => {
    const response = await fetch(`${server.issuer}/validate/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields),
    });
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    return { status: response.status, body: (await response.json()) as Body };
  };
  return { clientId: metadata.client_id, authorization, check };
}

/** The fields every answer has, with `time` checked and then left out of comparisons. */
function withoutTime(body: Body) {
  assert.equal(typeof body.time, 'number');
  assert.ok(Math.abs(body.time - Date.now() / 1000) < 60);
  const { time: _time, ...rest } = body;
  return rest;
}
const frame = { id: 2, jsonrpc: '2.0', version: 'Pingate 0.1.0', versionnumber: '0.1.0' };
const REJECTED = { ...frame, detail: { message: 'wrong otp pin or otp value' }, result: { authentication: 'REJECT', status: true, value: false } };

describe('validate API: /validate/check', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let caller: Awaited<ReturnType<typeof validateCaller>>;

  before(async () => {
    await smtp.start();
    server = await startTestServer({ smtp: smtp.settings(), lockout: { maxFailures: 3 } });
    caller = await validateCaller(server);
  });
  after(async () => {
    await server?.close();
    await smtp.stop();
  });

  test('PIN + TOTP code in pass: ACCEPT, in privacyIDEA\'s fields', async () => {
    const user = await server.createUser();
    const { status, body } = await caller.check({ user: user.username, pass: `${user.pin}${await user.code()}`, realm: 'pirealm' });
    assert.equal(status, 200);
    const token = (await server.app.tokens.findActiveForAccount(user.id))!;
    assert.deepEqual(withoutTime(body), {
      ...frame,
      detail: { message: 'matching 1 tokens', otplen: 6, serial: token.serial, type: 'totp', pingate_acr: server.config.signin.acr },
      result: { authentication: 'ACCEPT', status: true, value: true },
    });
  });

  test('a JSON body is read as a form is', async () => {
    const user = await server.createUser();
    const response = await fetch(`${server.issuer}/validate/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: caller.authorization },
      body: JSON.stringify({ user: user.username, pass: `${user.pin}${await user.code()}` }),
    });
    assert.equal(((await response.json()) as Body).result.authentication, 'ACCEPT');
  });

  test('wrong PIN, wrong code, unknown user and a locked account get one REJECT, HTTP 200, naming no token', async () => {
    const user = await server.createUser();
    const answers = [
      await caller.check({ user: user.username, pass: `000000${await user.code()}` }),
      await caller.check({ user: user.username, pass: `${user.pin}000000` }),
      await caller.check({ user: 'nosuchuser', pass: `${user.pin}${await user.code()}` }),
    ];
    // The third failure locks the account (lockout.maxFailures 3): now even the right passcode is rejected.
    answers.push(await caller.check({ user: user.username, pass: `${user.pin}000001` }));
    answers.push(await caller.check({ user: user.username, pass: `${user.pin}${await user.code()}` }));
    for (const { status, body } of answers) {
      assert.equal(status, 200);
      assert.deepEqual(withoutTime(body), REJECTED);
    }
    const account = (await server.app.accounts.findById(user.id))!;
    assert.ok(account.lockout.lockedUntil, 'locked after the limit, counted by the same counter as the pages');
    const audit = await server.app.audit.query({ accountId: user.id, event: 'signin.failure', limit: 10 });
    assert.deepEqual(audit.map((r) => r.reason).sort(), ['account_locked', 'wrong_pin', 'wrong_tokencode', 'wrong_tokencode'].sort());
    assert.ok(audit.every((r) => r.clientId === caller.clientId), 'the caller is named in the audit trail');
  });

  test('a code that was accepted once is rejected the second time (replay)', async () => {
    const user = await server.createUser();
    const pass = `${user.pin}${await user.code()}`;
    assert.equal((await caller.check({ user: user.username, pass })).body.result.authentication, 'ACCEPT');
    assert.deepEqual(withoutTime((await caller.check({ user: user.username, pass })).body), REJECTED);
  });

  test('email token: the PIN gets a CHALLENGE and a code by email; a wrong answer is rejected, the right one accepted', async () => {
    const user = await server.createUser({ token: 'email' });
    const { body } = await caller.check({ user: user.username, pass: user.pin });
    const token = (await server.app.tokens.findActiveForAccount(user.id))!;
    const transactionId = String(body.detail!.transaction_id);
    assert.match(transactionId, /^vt_[A-Za-z0-9_-]{24}$/);
    const message = 'Enter the OTP from the Email';
    const attributes = { state: null };
    assert.deepEqual(withoutTime(body), {
      ...frame,
      detail: {
        attributes,
        client_mode: 'interactive',
        message,
        messages: [message],
        multi_challenge: [{ attributes, client_mode: 'interactive', message, serial: token.serial, transaction_id: transactionId, type: 'email' }],
        preferred_client_mode: 'interactive',
        serial: token.serial,
        transaction_id: transactionId,
        transaction_ids: [transactionId],
        type: 'email',
        pingate_challenge: 'email_code',
      },
      result: { authentication: 'CHALLENGE', status: true, value: false },
    });
    const code = codeIn((await smtp.waitFor(user.email))[0]!);

    const wrong = await caller.check({ user: user.username, pass: '99999999', transaction_id: transactionId });
    assert.deepEqual(withoutTime(wrong.body), { ...REJECTED, detail: { message: 'Response did not match the challenge.' } });
    const right = await caller.check({ user: user.username, pass: code, transaction_id: transactionId });
    assert.deepEqual(withoutTime(right.body), {
      ...frame,
      detail: { message: 'Found matching challenge', serial: token.serial, pingate_acr: server.config.signin.acrEmailCode },
      result: { authentication: 'ACCEPT', status: true, value: true },
    });
    const again = await caller.check({ user: user.username, pass: code, transaction_id: transactionId });
    assert.equal(again.body.result.authentication, 'REJECT', 'a finished transaction accepts nothing more');
  });

  test('/validate/polltransaction: pending while the challenge is open, accept once answered; nothing for another caller', async () => {
    const user = await server.createUser({ token: 'email' });
    const other = await validateCaller(server, { name: 'Other RADIUS' });
    const poll = async (transactionId: string, authorization = caller.authorization) => {
      const response = await fetch(`${server.issuer}/validate/polltransaction?transaction_id=${encodeURIComponent(transactionId)}`, { headers: { authorization } });
      assert.equal(response.status, 200);
      const body = (await response.json()) as Body;
      return { value: body.result.value, status: body.detail!.challenge_status };
    };
    const transactionId = String((await caller.check({ user: user.username, pass: user.pin })).body.detail!.transaction_id);
    assert.deepEqual(await poll(transactionId), { value: false, status: 'pending' });
    assert.deepEqual(await poll(transactionId, other.authorization), { value: false, status: 'none' });
    assert.deepEqual(await poll('vt_nosuchtransaction'), { value: false, status: 'none' });
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    await caller.check({ user: user.username, pass: code, transaction_id: transactionId });
    assert.deepEqual(await poll(transactionId), { value: true, status: 'accept' });
    assert.equal((await fetch(`${server.issuer}/validate/polltransaction?transaction_id=${transactionId}`)).status, 401);
  });

  test('an email token with a wrong PIN sends nothing and gets the same REJECT', async () => {
    const user = await server.createUser({ token: 'email' });
    assert.deepEqual(withoutTime((await caller.check({ user: user.username, pass: '000000' })).body), REJECTED);
    assert.equal(smtp.to(user.email).length, 0);
  });

  test('a transaction id answered by another caller, or for another user, is rejected and changes nothing', async () => {
    const user = await server.createUser({ token: 'email' });
    const other = await validateCaller(server, { name: 'Other RADIUS' });
    const transactionId = String((await caller.check({ user: user.username, pass: user.pin })).body.detail!.transaction_id);
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    assert.equal((await other.check({ user: user.username, pass: code, transaction_id: transactionId })).body.result.authentication, 'REJECT');
    assert.equal((await caller.check({ user: 'someoneelse', pass: code, transaction_id: transactionId })).body.result.authentication, 'REJECT');
    assert.equal((await caller.check({ user: user.username, pass: code, transaction_id: 'vt_forged' })).body.result.authentication, 'REJECT');
    assert.equal((await caller.check({ user: user.username, pass: code, transaction_id: transactionId })).body.result.authentication, 'ACCEPT');
  });

  test('New PIN mode as a chain of challenges: a refused PIN with every reason, a mismatch, then the PIN twice', async () => {
    const user = await server.createUser({ pin: '836194' });
    await forcePinChange(server.app.admin, { username: user.username });
    const first = await caller.check({ user: user.username, pass: `836194${await user.code()}` });
    assert.equal(first.body.result.authentication, 'CHALLENGE');
    const detail = first.body.detail!;
    const transactionId = String(detail.transaction_id);
    assert.equal(detail.pingate_challenge, 'new_pin');
    assert.match(String(detail.message), /^Please enter a new PIN \(.*6 to \d+ digits/);
    assert.ok(Array.isArray(detail.pin_policy) && detail.pin_policy.length > 0);
    assert.deepEqual(detail.pin_violations, []);
    assert.equal(detail.pin_mismatch, false);

    const refused = (await caller.check({ user: user.username, pass: '123456', transaction_id: transactionId })).body;
    assert.equal(refused.result.authentication, 'CHALLENGE');
    assert.equal(refused.detail!.pingate_challenge, 'new_pin');
    assert.match(String(refused.detail!.message), /^This PIN cannot be used: .*sequence/i);
    assert.ok((refused.detail!.pin_violations as { rule: string }[]).some((v) => v.rule === 'sequence'));

    const once = (await caller.check({ user: user.username, pass: '592847', transaction_id: transactionId })).body;
    assert.equal(once.detail!.pingate_challenge, 'new_pin_again');
    assert.equal(once.detail!.message, 'Please enter the new PIN again');
    const mismatch = (await caller.check({ user: user.username, pass: '592848', transaction_id: transactionId })).body;
    assert.equal(mismatch.detail!.pingate_challenge, 'new_pin');
    assert.match(String(mismatch.detail!.message), /^The two PINs were not the same/);
    assert.equal(mismatch.detail!.pin_mismatch, true);

    await caller.check({ user: user.username, pass: '592847', transaction_id: transactionId });
    const done = (await caller.check({ user: user.username, pass: '592847', transaction_id: transactionId })).body;
    assert.equal(done.result.authentication, 'ACCEPT');
    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(account.pin.state, 'SET');
    assert.equal(await hasher.verify(account.pin.hash!, '592847'), true);
    server.clock.advanceSeconds(30);
    assert.equal((await caller.check({ user: user.username, pass: `592847${await user.code()}` })).body.result.authentication, 'ACCEPT');
  });

  test('permutations: otp for an account without a PIN asks for one; otpnew_pinnew_pin sets it in one go', async () => {
    const first = await server.createUser({ pin: null });
    const asked = (await caller.check({ user: first.username, pass: await first.code() })).body;
    assert.equal(asked.detail!.pingate_challenge, 'new_pin');

    const second = await server.createUser({ pin: null });
    const inOneGo = (await caller.check({ user: second.username, pass: `${await second.code()}582947582947` })).body;
    assert.equal(inOneGo.result.authentication, 'ACCEPT');
    assert.equal(await hasher.verify((await server.app.accounts.findById(second.id))!.pin.hash!, '582947'), true);
  });

  test('permutations: pinotpnew_pinnew_pin changes a PIN in one go; a refused new PIN becomes a challenge with the reasons', async () => {
    const user = await server.createUser({ pin: '836194' });
    const changed = (await caller.check({ user: user.username, pass: `836194${await user.code()}481726481726` })).body;
    assert.equal(changed.result.authentication, 'ACCEPT');
    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(await hasher.verify(account.pin.hash!, '481726'), true);
    assert.equal(await hasher.verify(account.pin.history[0]!, '836194'), true);

    server.clock.advanceSeconds(30);
    const refused = (await caller.check({ user: user.username, pass: `481726${await user.code()}111111111111` })).body;
    assert.equal(refused.result.authentication, 'CHALLENGE');
    assert.equal(refused.detail!.pingate_challenge, 'new_pin');
    assert.ok((refused.detail!.pin_violations as unknown[]).length > 0);
  });

  test('a 10,000-character pass is rejected at once, like any wrong passcode', async () => {
    const user = await server.createUser();
    const { status, body } = await caller.check({ user: user.username, pass: '1'.repeat(10_000) });
    assert.equal(status, 200);
    assert.deepEqual(withoutTime(body), REJECTED);
  });

  test('callers: none, a wrong secret, a client without the validate scope: 401 in privacyIDEA\'s error format', async () => {
    const user = await server.createUser();
    const admin = await registerServiceClient(server.app.admin, { clientId: uniqueName('ops-'), scopes: ['admin'] });
    const wrongSecret = `Basic ${Buffer.from(`${caller.clientId}:not-the-secret`).toString('base64')}`;
    const adminBasic = `Basic ${Buffer.from(`${admin.client_id}:${admin.client_secret}`).toString('base64')}`;
    for (const headers of [{}, { authorization: wrongSecret }, { authorization: adminBasic }] as Record<string, string>[]) {
      const { status, body } = await caller.check({ user: user.username, pass: `${user.pin}${await user.code()}` }, headers);
      assert.equal(status, 401);
      assert.deepEqual(withoutTime(body), {
        ...frame,
        id: 1,
        detail: null,
        result: { status: false, error: { code: 4031, message: 'ERR4031: the caller is not registered for the validate API' } },
      });
    }
    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(account.lockout.failures, 0, 'an unregistered caller checks nothing');
  });

  test('a caller may use an access token from the client credentials grant', async () => {
    const user = await server.createUser();
    const metadata = await registerServiceClient(server.app.admin, { clientId: uniqueName('kc-'), scopes: ['validate'] });
    const tokenResponse = await fetch(`${server.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${metadata.client_id}:${metadata.client_secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'validate' }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const { body } = await caller.check({ user: user.username, pass: `${user.pin}${await user.code()}` }, { authorization: `Bearer ${token}` });
    assert.equal(body.result.authentication, 'ACCEPT');
  });

  test('a caller registered for its network without a secret is recognised from there only', async () => {
    const user = await server.createUser();
    await validateCaller(server, { networks: ['127.0.0.0/8', '::1'], withoutSecret: true, name: 'Keycloak plugin' });
    const { body } = await caller.check({ user: user.username, pass: `${user.pin}${await user.code()}` }, {});
    assert.equal(body.result.authentication, 'ACCEPT');
    const audit = await server.app.audit.query({ event: 'validate.answered', limit: 1 });
    assert.equal(audit[0]!.details?.caller, 'Keycloak plugin');
    assert.equal(audit[0]!.details?.authentication, 'ACCEPT');
    await assert.rejects(registerServiceClient(server.app.admin, { clientId: uniqueName('open-'), scopes: ['validate'], withoutSecret: true }), /must name its networks/);
    await assert.rejects(registerServiceClient(server.app.admin, { clientId: uniqueName('open-'), scopes: ['validate'], networks: ['0.0.0.0/0'], withoutSecret: true }), /every address/);
    await assert.rejects(registerServiceClient(server.app.admin, { clientId: uniqueName('both-'), scopes: ['validate', 'admin'] }), /scope of its own/);

    // Without credentials only the connection's address counts, and never a browser's request.
    const spoofed = await caller.check({ user: user.username, pass: '0000000000' }, { 'x-forwarded-for': '127.0.0.1' });
    assert.equal(spoofed.body.result.authentication, 'REJECT', 'from 127.0.0.1 itself: recognised, the header changes nothing');
    const fromPage = await caller.check({ user: user.username, pass: '0000000000' }, { origin: 'https://evil.example' });
    assert.equal(fromPage.status, 401, 'a cross-site form from a browser in that network is not the plugin');
  });

  test('a caller without a secret is not recognised through a forwarded address it writes itself', async () => {
    const proxied = await startTestServer({ server: { trustProxy: true, trustedProxyHops: 1 } });
    try {
      const user = await proxied.createUser();
      await validateCaller(proxied, { networks: ['10.1.2.0/28'], withoutSecret: true, name: 'RADIUS behind the proxy' });
      const response = await fetch(`${proxied.issuer}/validate/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.1.2.5' },
        body: new URLSearchParams({ user: user.username, pass: `${user.pin}${await user.code()}` }),
      });
      assert.equal(response.status, 401);
      assert.equal((await proxied.app.accounts.findById(user.id))!.lockout.failures, 0);
    } finally {
      await proxied.close();
    }
  });

  test('accounts the API cannot take through are answered like unknown ones, and sent nothing', async () => {
    const noPinEmail = await server.createUser({ token: 'email', pin: null });
    const { body } = await caller.check({ user: noPinEmail.username, pass: '' });
    assert.deepEqual(withoutTime(body), REJECTED);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(smtp.to(noPinEmail.email).length, 0, 'no code is emailed before any PIN');
  });

  test('/validate/samlcheck answers value {auth, attributes}; GET is not offered', async () => {
    const user = await server.createUser({ displayName: 'Ada Lovelace' });
    const post = (fields: Record<string, string>) =>
      fetch(`${server.issuer}/validate/samlcheck`, { method: 'POST', headers: { authorization: caller.authorization }, body: new URLSearchParams(fields) }).then(async (r) => (await r.json()) as Body);
    const accepted = await post({ user: user.username, pass: `${user.pin}${await user.code()}` });
    assert.deepEqual(accepted.result, {
      authentication: 'ACCEPT', status: true,
      value: { auth: true, attributes: { username: user.username, realm: '', email: user.email, givenname: 'Ada Lovelace', surname: '', mobile: '', phone: '' } },
    });
    const rejected = await post({ user: user.username, pass: '0000000000' });
    assert.deepEqual(rejected.result, { authentication: 'REJECT', status: true, value: { auth: false, attributes: {} } });
    const get = await fetch(`${server.issuer}/validate/check?user=${user.username}&pass=1`, { headers: { authorization: caller.authorization } });
    assert.equal(get.status, 405);
  });

  test('missing or repeated parameters: 400 with error 905, nothing counted', async () => {
    const user = await server.createUser();
    assert.equal((await caller.check({ user: user.username })).status, 400);
    const repeated = await fetch(`${server.issuer}/validate/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: caller.authorization },
      body: `user=${user.username}&pass=1&pass=2`,
    });
    assert.equal(repeated.status, 400);
    assert.equal(((await repeated.json()) as Body).result.error !== undefined, true);
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 0);
  });
});

describe('validate API: Next Tokencode mode and rate limits', () => {
  let server: TestServer;
  let caller: Awaited<ReturnType<typeof validateCaller>>;
  before(async () => {
    server = await startTestServer({ lockout: { maxFailures: 10, nextTokencodeAfter: 2 }, rateLimit: { perUsername: 8 } });
    caller = await validateCaller(server);
  });
  after(async () => server?.close());

  test('after failures, a right passcode is followed by a challenge for the next code', async () => {
    const user = await server.createUser();
    await caller.check({ user: user.username, pass: `${user.pin}000000` });
    await caller.check({ user: user.username, pass: `${user.pin}000000` });
    const challenge = (await caller.check({ user: user.username, pass: `${user.pin}${await user.code()}` })).body;
    assert.equal(challenge.result.authentication, 'CHALLENGE');
    assert.equal(challenge.detail!.pingate_challenge, 'next_tokencode');
    assert.equal(challenge.detail!.type, 'totp');
    const transactionId = String(challenge.detail!.transaction_id);
    const same = (await caller.check({ user: user.username, pass: await user.code(), transaction_id: transactionId })).body;
    assert.equal(same.result.authentication, 'REJECT', 'the same code again is not the next one');
    server.clock.advanceSeconds(30);
    const next = (await caller.check({ user: user.username, pass: await user.code(), transaction_id: transactionId })).body;
    assert.equal(next.result.authentication, 'ACCEPT');
  });

  test('checks for one user are limited per window (429), whoever calls', async () => {
    const user = await server.createUser();
    let status = 200;
    let count = 0;
    while (status === 200 && count < 20) {
      status = (await caller.check({ user: user.username, pass: '0000000000' })).status;
      count++;
    }
    assert.equal(status, 429);
    assert.equal(count, 9);
  });
});
