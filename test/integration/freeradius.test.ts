// RADIUS through a real RADIUS server: FreeRADIUS 3.2 (Debian) with its rest module and the
// configuration in integrations/freeradius, asked by radclient as a VPN concentrator would be.
// Access-Accept and Access-Reject with PIN + TOTP, and Access-Challenge round trips (the State
// attribute carrying Pingate's transaction) for the emailed code, New PIN mode and Next Tokencode
// mode; a Pingate that cannot be reached rejects.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { forcePinChange } from '../../src/usecases/admin/force-pin-change.ts';
import { registerServiceClient } from '../../src/usecases/admin/register-service-client.ts';
import { radclient, startFreeRadius, type RunningRadius } from '../support/freeradius.ts';
import { freePort, startTestServer, uniqueName, type TestServer } from '../support/server.ts';
import { codeIn, TestSmtpServer } from '../support/smtp.ts';

describe('FreeRADIUS with the rest module in front of Pingate', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let radius: RunningRadius;
  before(async () => {
    await smtp.start();
    server = await startTestServer({ smtp: smtp.settings(), lockout: { nextTokencodeAfter: 2 } });
    const client = await registerServiceClient(server.app.admin, { clientId: uniqueName('freeradius-'), name: 'FreeRADIUS', scopes: ['validate'] });
    radius = await startFreeRadius({ url: server.issuer, clientId: client.client_id, clientSecret: String(client.client_secret) });
  });
  after(async () => {
    await radius?.stop();
    await server?.close();
    await smtp.stop();
  });

  test('PIN + TOTP: Access-Accept; a wrong PIN and an unknown user: Access-Reject with one message', async () => {
    const user = await server.createUser();
    const accepted = await radclient(radius, { 'User-Name': user.username, 'User-Password': `${user.pin}${await user.code()}` });
    assert.equal(accepted.type, 'Access-Accept', radius.output());
    for (const [username, password] of [[user.username, '000000123456'], ['nosuchuser', '720435123456']] as const) {
      const rejected = await radclient(radius, { 'User-Name': username, 'User-Password': password });
      assert.equal(rejected.type, 'Access-Reject');
      assert.equal(rejected.attributes['Reply-Message'], 'wrong otp pin or otp value');
    }
    assert.ok(!radius.output().includes(user.pin), 'FreeRADIUS does not log the passcode');
  });

  test('email token: Access-Challenge with the question and State, then the emailed code: Access-Accept', async () => {
    const user = await server.createUser({ token: 'email' });
    const challenge = await radclient(radius, { 'User-Name': user.username, 'User-Password': user.pin });
    assert.equal(challenge.type, 'Access-Challenge', radius.output());
    assert.equal(challenge.attributes['Reply-Message'], 'Enter the OTP from the Email');
    assert.match(challenge.attributes.State ?? '', /^0x[0-9a-f]+$/);
    const code = codeIn((await smtp.waitFor(user.email))[0]!);
    const wrong = await radclient(radius, { 'User-Name': user.username, 'User-Password': '99999999', State: challenge.attributes.State! });
    assert.equal(wrong.type, 'Access-Reject');
    const accepted = await radclient(radius, { 'User-Name': user.username, 'User-Password': code, State: challenge.attributes.State! });
    assert.equal(accepted.type, 'Access-Accept');
  });

  test('New PIN mode as challenges: a refused PIN with its reasons, the PIN twice, then Access-Accept', async () => {
    const user = await server.createUser({ pin: '836194' });
    await forcePinChange(server.app.admin, { username: user.username });
    const first = await radclient(radius, { 'User-Name': user.username, 'User-Password': `836194${await user.code()}` });
    assert.equal(first.type, 'Access-Challenge');
    assert.match(first.attributes['Reply-Message'] ?? '', /^Please enter a new PIN/);
    const state = first.attributes.State!;
    const refused = await radclient(radius, { 'User-Name': user.username, 'User-Password': '123456', State: state });
    assert.equal(refused.type, 'Access-Challenge');
    assert.match(refused.attributes['Reply-Message'] ?? '', /^This PIN cannot be used: .*sequence/i);
    const again = await radclient(radius, { 'User-Name': user.username, 'User-Password': '592847', State: refused.attributes.State! });
    assert.equal(again.attributes['Reply-Message'], 'Please enter the new PIN again');
    const accepted = await radclient(radius, { 'User-Name': user.username, 'User-Password': '592847', State: again.attributes.State! });
    assert.equal(accepted.type, 'Access-Accept');
    server.clock.advanceSeconds(30);
    assert.equal((await radclient(radius, { 'User-Name': user.username, 'User-Password': `592847${await user.code()}` })).type, 'Access-Accept');
  });

  test('Next Tokencode mode after failures: Access-Challenge, then the next code: Access-Accept', async () => {
    const user = await server.createUser();
    for (let i = 0; i < 2; i++) assert.equal((await radclient(radius, { 'User-Name': user.username, 'User-Password': `${user.pin}000000` })).type, 'Access-Reject');
    const challenge = await radclient(radius, { 'User-Name': user.username, 'User-Password': `${user.pin}${await user.code()}` });
    assert.equal(challenge.type, 'Access-Challenge');
    assert.equal(challenge.attributes['Reply-Message'], 'Wait for the next code in your authenticator app and enter it');
    server.clock.advanceSeconds(30);
    const accepted = await radclient(radius, { 'User-Name': user.username, 'User-Password': await user.code(), State: challenge.attributes.State! });
    assert.equal(accepted.type, 'Access-Accept');
  });

  test('Pingate unreachable: Access-Reject (fails closed)', async () => {
    const nobody = await startFreeRadius({ url: `http://127.0.0.1:${await freePort()}`, clientId: 'x', clientSecret: 'y' });
    try {
      const reply = await radclient(nobody, { 'User-Name': 'alice', 'User-Password': '720435123456' });
      assert.equal(reply.type, 'Access-Reject');
    } finally {
      await nobody.stop();
    }
  });
});
