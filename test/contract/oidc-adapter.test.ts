// oidc-provider's adapter contract, on every backend: every model's lookups (by id, uid, user
// code), consumption, expiry, revocation by grant, and client secrets sealed at rest.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { availableBackends, openTestStorage, type TestStorage } from '../support/backends.ts';
import { SettableClock } from '../support/clock.ts';
import { StoredRecords } from '../support/stored.ts';

for (const kind of availableBackends()) {
  describe(`oidc-provider adapter on ${kind}`, () => {
    let opened: TestStorage;
    const clock = new SettableClock();
    const model = (name: string) => new opened.storage.oidcAdapter(name);

    before(async () => {
      opened = await openTestStorage(kind, { clock });
    });
    after(async () => opened?.close());

    test('upsert and find, with expiry; consume marks the record; destroy removes it', async () => {
      const codes = model('AuthorizationCode');
      const id = randomUUID();
      await codes.upsert(id, { jti: id, grantId: 'g1', accountId: 'a', kind: 'AuthorizationCode' }, 60);
      assert.equal((await codes.find(id))!.accountId, 'a');
      await codes.consume(id);
      assert.equal(typeof (await codes.find(id))!.consumed, 'number');
      await codes.upsert(id, { jti: id, grantId: 'g1', accountId: 'b' }, 60);
      assert.equal((await codes.find(id))!.accountId, 'b', 'an upsert replaces the payload');
      clock.advanceSeconds(61);
      assert.equal(await codes.find(id), undefined, 'expired');
      const other = randomUUID();
      await codes.upsert(other, { jti: other }, 60);
      await codes.destroy(other);
      assert.equal(await codes.find(other), undefined);
    });

    test('sessions by uid, device codes by user code, models kept apart', async () => {
      const sessions = model('Session');
      const id = randomUUID();
      const uid = randomUUID();
      await sessions.upsert(id, { uid, accountId: 'acc' }, 3600);
      assert.equal((await sessions.findByUid(uid))!.accountId, 'acc');
      assert.equal(await model('Grant').find(id), undefined, 'another model does not see it');
      const devices = model('DeviceCode');
      await devices.upsert(randomUUID(), { userCode: 'ABCD-EFGH', grantId: 'gd' }, 600);
      assert.equal((await devices.findByUserCode('ABCD-EFGH'))!.grantId, 'gd');
      assert.equal(await devices.findByUserCode('WXYZ-WXYZ'), undefined);
    });

    test('revokeByGrantId removes every record of the grant in that model only', async () => {
      const grantId = randomUUID();
      const access = model('AccessToken');
      const refresh = model('RefreshToken');
      const [a1, a2, r1] = [randomUUID(), randomUUID(), randomUUID()];
      await access.upsert(a1, { grantId }, 3600);
      await access.upsert(a2, { grantId: 'someone-else' }, 3600);
      await refresh.upsert(r1, { grantId }, 3600);
      await access.revokeByGrantId(grantId);
      assert.equal(await access.find(a1), undefined);
      assert.ok(await access.find(a2));
      assert.ok(await refresh.find(r1), 'revocation is per model (oidc-provider calls each)');
    });

    test("an account's sessions are listed, and its sessions, grants and tokens revoked together", async () => {
      const accountId = randomUUID();
      const other = randomUUID();
      const loginTs = Math.floor(clock.now().getTime() / 1000);
      await model('Session').upsert('sess-a', { uid: 'uid-a', accountId, loginTs, amr: ['pin', 'otp'], acr: 'urn:x', authorizations: { app: {} } }, 3600);
      await model('Session').upsert('sess-old', { uid: 'uid-old', accountId, loginTs }, 1);
      await model('Session').upsert('sess-b', { uid: 'uid-b', accountId: other, loginTs }, 3600);
      await model('RefreshToken').upsert('rt-a', { accountId, grantId: 'g' }, 3600);
      await model('Grant').upsert('g', { accountId, clientId: 'app' }, 3600);
      await model('AccessToken').upsert('at-b', { accountId: other, grantId: 'g2' }, 3600);
      clock.advanceSeconds(2);
      const listed = await opened.storage.sessions.listForAccount(accountId);
      assert.deepEqual(listed.map((s) => ({ uid: s.uid, clients: s.clients, amr: s.amr, acr: s.acr })), [{ uid: 'uid-a', clients: ['app'], amr: ['pin', 'otp'], acr: 'urn:x' }], 'the live session only, no cookie value');
      assert.deepEqual(listed[0]!.signedInAt, new Date(loginTs * 1000));
      const revoked = await opened.storage.sessions.revokeForAccount(accountId);
      assert.deepEqual(revoked, { sessions: 2, tokens: 2 });
      assert.equal(await model('RefreshToken').find('rt-a'), undefined);
      assert.equal(await model('Grant').find('g'), undefined);
      assert.ok(await model('Session').find('sess-b'), "another account's session stays");
      assert.ok(await model('AccessToken').find('at-b'));
    });

    test('a live session is extended in place, never shortened; an ended one stays ended', async () => {
      const uid = `u-${randomUUID()}`;
      await model('Session').upsert(`s-${uid}`, { uid, accountId: randomUUID(), loginTs: 1, authorizations: { app: { sid: 'x' } }, exp: 1 }, 10);
      await opened.storage.sessions.extendSession(uid, 100, 12345);
      await opened.storage.sessions.extendSession(uid, 5, 999);
      clock.advanceSeconds(20);
      const extended = await model('Session').find(`s-${uid}`);
      assert.ok(extended, 'alive past its first expiry');
      assert.equal(extended.exp, 12345, 'a shorter extension does not shorten it');
      assert.deepEqual(extended.authorizations, { app: { sid: 'x' } }, 'the rest untouched');
      await model('Session').destroy(`s-${uid}`);
      await opened.storage.sessions.extendSession(uid, 100, 12345);
      assert.equal(await model('Session').findByUid(uid), undefined, 'no upsert');
    });

    test("everyone's sessions, grants and tokens are revoked together; client credentials and clients stay", async () => {
      const [one, two] = [randomUUID(), randomUUID()];
      await model('Session').upsert(`s-${one}`, { uid: `u-${one}`, accountId: one, loginTs: 1 }, 3600);
      await model('Session').upsert(`s-${two}`, { uid: `u-${two}`, accountId: two, loginTs: 1 }, 3600);
      await model('RefreshToken').upsert(`rt-${two}`, { accountId: two, grantId: `g-${two}` }, 3600);
      await model('ClientCredentials').upsert(`cc-${one}`, { clientId: 'svc' }, 3600);
      await model('Client').upsert(`client-${one}`, { client_id: `client-${one}`, redirect_uris: ['https://a.example/cb'] });
      const revoked = await opened.storage.sessions.revokeForEveryone();
      assert.ok(revoked.sessions >= 2 && revoked.tokens >= 1, JSON.stringify(revoked));
      for (const [m, id] of [['Session', `s-${one}`], ['Session', `s-${two}`], ['RefreshToken', `rt-${two}`]] as const) assert.equal(await model(m).find(id), undefined, `${m} ${id}`);
      assert.ok(await model('ClientCredentials').find(`cc-${one}`), 'a service client\'s token is no account\'s');
      assert.ok(await model('Client').find(`client-${one}`));
    });

    test('a client secret is stored sealed and read back in clear; a change is seen at once', async () => {
      const clients = model('Client');
      const clientId = `client-${randomUUID()}`;
      const secret = 'a-client-secret-that-must-not-be-stored-in-clear';
      await clients.upsert(clientId, { client_id: clientId, client_secret: secret, redirect_uris: ['https://a.example/cb'] });
      assert.equal((await clients.find(clientId))!.client_secret, secret);
      const stored = await new StoredRecords(opened.storage).client(clientId);
      assert.ok(stored && !JSON.stringify(stored).includes(secret), 'sealed at rest');
      assert.equal(stored.expiresAt, null, 'clients never expire');
      await clients.upsert(clientId, { client_id: clientId, client_secret: 'rotated', redirect_uris: ['https://a.example/cb'] });
      assert.equal((await clients.find(clientId))!.client_secret, 'rotated', 'the cached entry was dropped');
      await clients.destroy(clientId);
      assert.equal(await clients.find(clientId), undefined);
    });
  });
}
