// The audit log: each security event written exactly once per action, with the acting party,
// and no PIN, code or secret anywhere in the stored documents.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StoredRecords } from '../support/stored.ts';
import { adminApi, type AdminApi } from '../support/admin-api.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';

describe('audit log', () => {
  let server: TestServer;
  let client: TestClient;
  let api: AdminApi;
  const secrets: string[] = [];

  before(async () => {
    server = await startTestServer({ lockout: { maxFailures: 3, lockSeconds: 600, nextTokencodeAfter: 0 } });
    client = await server.createClient();
    api = await adminApi(server, ['admin']);
    secrets.push(client.clientSecret!, api.token);
  });
  after(async () => server?.close());

  const eventsOf = async (accountId: string) => {
    const items = await server.app.audit.query({ accountId, limit: 1000 });
    const counts = new Map<string, number>();
    for (const item of items) counts.set(`${item.event}:${item.outcome}${item.reason ? `:${item.reason}` : ''}`, (counts.get(`${item.event}:${item.outcome}${item.reason ? `:${item.reason}` : ''}`) ?? 0) + 1);
    return { items, counts: Object.fromEntries(counts) };
  };

  async function signIn(username: string, pin: string, code: string) {
    const auth = await beginAuthorization(server.issuer, client);
    return submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, username), pin, code);
  }

  test('sign-in, lockout, unlock, PIN and token actions: one record each, naming who acted', async () => {
    const user = await server.createUser();
    secrets.push(user.pin, user.secret);
    const codes = [await user.code()];
    assert.ok((await signIn(user.username, user.pin, codes[0]!)).leftTo);
    for (let i = 0; i < 3; i++) await signIn(user.username, `99${i}1`, await user.code());
    assert.equal((await api.call('POST', `/accounts/${user.username}/unlock`)).status, 200);
    assert.equal((await api.call('POST', `/accounts/${user.username}/pin/force-change`)).status, 200);
    assert.equal((await api.call('PUT', `/accounts/${user.username}/pin`, { pin: '602947', waiveChangeOnFirstUse: true })).status, 200);
    secrets.push('602947');
    assert.equal((await api.call('POST', `/accounts/${user.username}/pin/reset`)).status, 200);
    const enrolled = await api.call('POST', `/accounts/${user.username}/tokens`, { type: 'totp' });
    secrets.push(enrolled.body.secret);
    assert.equal((await api.call('POST', `/tokens/${enrolled.body.token.serial}/disable`)).status, 200);
    assert.equal((await api.call('DELETE', `/tokens/${enrolled.body.token.serial}`)).status, 204);

    const { items, counts } = await eventsOf(user.id);
    assert.deepEqual(counts, {
      'account.created:success': 1,
      'pin.set:success': 2,
      'token.enrolled:success': 2,
      'signin.success:success': 1,
      'signin.failure:failure:wrong_pin': 3,
      'account.locked:success:too_many_failures': 1,
      // The lock ended the session of the first sign-in (the later actions found none left).
      'sessions.ended:success:accountLock': 1,
      'account.unlocked:success': 1,
      'pin.change_forced:success': 1,
      'pin.reset:success': 1,
      'token.disabled:success': 1,
      'token.deleted:success': 1,
    });
    const byEvent = (name: string) => items.filter((e) => e.event === name);
    assert.deepEqual(byEvent('account.unlocked')[0]!.actor, { type: 'client', id: api.clientId });
    assert.deepEqual(byEvent('signin.success')[0]!.actor, { type: 'user', id: user.id });
    assert.equal(byEvent('signin.success')[0]!.clientId, client.clientId);
    assert.ok(byEvent('signin.failure').every((e) => e.ip && e.clientId === client.clientId));
    assert.deepEqual(byEvent('account.locked')[0]!.actor, { type: 'system', id: 'lockout' });
    assert.equal(byEvent('account.created')[0]!.actor.type, 'operator');
  });

  test('a failed sign-in of an unknown user is recorded without an account', async () => {
    await signIn('ghost-user', '583196', '123456');
    const failures = await server.app.audit.query({ event: 'signin.failure', limit: 1000 });
    const ghost = failures.find((e) => e.reason === 'unknown_user' && e.actor.id.startsWith('unknown:'));
    assert.ok(ghost);
    assert.ok(!JSON.stringify(failures).includes('ghost-user'), 'what was typed as a username is kept only as a keyed hash');
    assert.equal(ghost.account, null);
    assert.equal(ghost.reason, 'unknown_user');
  });

  test('no PIN, code or secret in any stored audit document', async () => {
    const docs = await new StoredRecords(server.app.storage).all('audit_events');
    assert.ok(docs.length > 10);
    const text = JSON.stringify(docs);
    for (const secret of secrets) assert.ok(!text.includes(secret), `an audit record contains a secret (${secret.slice(0, 3)}...)`);
    assert.doesNotMatch(text, /argon2|"v[12]\.[A-Za-z0-9_-]+\./, 'no hash and no sealed secret');
    for (const doc of docs) {
      for (const key of Object.keys(doc)) assert.ok(['id', 'time', 'event', 'outcome', 'actor', 'account', 'reason', 'ip', 'clientId', 'details'].includes(key), key);
    }
  });
});
