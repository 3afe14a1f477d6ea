// A client of the privacyIDEA API that no one here wrote, unchanged: django-privacyidea-auth 0.3
// (PyPI), Django's authentication backend for privacyIDEA, in a real Django 5.2 (its backend is
// called as Django 1.x called backends: its signature predates Django 2.1's). It sends
// user/pass/realm form-encoded to /validate/check (or /validate/samlcheck) without credentials,
// so Pingate knows it as a validate caller registered for its network without a secret.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { registerServiceClient } from '../../src/usecases/admin/register-service-client.ts';
import { clientScript, pythonWithClients } from '../support/python-clients.ts';
import { startTestServer, uniqueName, type TestServer } from '../support/server.ts';

const run = promisify(execFile);

describe('django-privacyidea-auth (a privacyIDEA client from PyPI) signs in to Django through Pingate', () => {
  let server: TestServer;
  let python: string;
  before(async () => {
    python = pythonWithClients();
    server = await startTestServer();
    await registerServiceClient(server.app.admin, { clientId: uniqueName('django-'), name: 'Django intranet', scopes: ['validate'], networks: ['127.0.0.1', '::1'], withoutSecret: true });
  });
  after(async () => server?.close());

  async function signIn(endpoint: string, username: string, ...passwords: string[]) {
    const { stdout } = await run(python, [clientScript('django_signin.py'), `${server.issuer}${endpoint}`, username, ...passwords], { timeout: 60_000 });
    return stdout.trim().split('\n').map((line) => JSON.parse(line) as { authenticated: boolean; username: string | null; email: string | null; first_name: string | null });
  }

  test('/validate/check: PIN + code signs in (the user is created in Django); a wrong PIN and a replayed code do not', async () => {
    const user = await server.createUser();
    const passcode = `${user.pin}${await user.code()}`;
    const [wrong, right, replayed] = await signIn('/validate/check', user.username, `000000${await user.code()}`, passcode, passcode);
    assert.equal(wrong!.authenticated, false);
    assert.equal(right!.authenticated, true);
    assert.equal(right!.username, user.username);
    assert.equal(replayed!.authenticated, false);
  });

  test('/validate/samlcheck: the backend takes the email and name from the answer', async () => {
    const user = await server.createUser({ displayName: 'Ada Lovelace' });
    const [result] = await signIn('/validate/samlcheck', user.username, `${user.pin}${await user.code()}`);
    assert.deepEqual(result, { authenticated: true, username: user.username, email: user.email, first_name: 'Ada Lovelace' });
  });

  test('an unknown user is refused like a wrong PIN', async () => {
    const [result] = await signIn('/validate/check', 'nosuchuser', '1234567890');
    assert.equal(result!.authenticated, false);
  });
});
