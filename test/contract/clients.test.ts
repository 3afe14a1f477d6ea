// The ClientStore contract and the revocation of what a client was issued, on every backend:
// clients listed and found enabled or not, a disabled client hidden from oidc-provider's
// adapter at once, changes saved over the revision they were made from, secrets sealed at rest,
// and removal of every grant, code and token issued to one client, and nothing else.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ClientMetadata, ClientStore } from '../../src/usecases/ports.ts';
import { availableBackends, openTestStorage, uniqueName, type TestStorage } from '../support/backends.ts';
import { StoredRecords } from '../support/stored.ts';

const relyingParty = (clientId: string, secret = `secret-of-${clientId}-that-is-long-enough`): ClientMetadata => ({
  client_id: clientId,
  client_secret: secret,
  redirect_uris: ['https://app.example/cb'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

for (const kind of availableBackends()) {
  describe(`ClientStore on ${kind}`, () => {
    let opened: TestStorage;
    let clients: ClientStore;
    const model = (name: string) => new opened.storage.oidcAdapter(name);

    before(async () => {
      opened = await openTestStorage(kind);
      clients = opened.storage.clients;
    });
    after(async () => opened?.close());

    test('save, find and list (sorted by id); the secret is read back in clear and stored sealed', async () => {
      const [b, a] = [uniqueName('b-'), uniqueName('a-')];
      await clients.save(relyingParty(b));
      await clients.save(relyingParty(a));
      const found = await clients.find(a);
      assert.deepEqual(found, { metadata: relyingParty(a), enabled: true, revision: 0 });
      assert.equal(await clients.find('no-such-client'), null);
      const ids = (await clients.list()).map((c) => c.metadata.client_id);
      assert.deepEqual(ids.filter((id) => id === a || id === b), [a, b]);
      const stored = await new StoredRecords(opened.storage).client(a);
      assert.ok(stored && !JSON.stringify(stored).includes(relyingParty(a).client_secret!), 'sealed at rest');
    });

    test('a disabled client is found by the store but not by the adapter, at once, and again when enabled', async () => {
      const clientId = uniqueName('c-');
      await clients.save(relyingParty(clientId));
      const adapter = model('Client');
      assert.equal((await adapter.find(clientId))!.client_id, clientId, 'cached by the adapter');
      const client = (await clients.find(clientId))!;
      assert.equal(await clients.replace({ ...client, enabled: false }), true);
      assert.equal(await adapter.find(clientId), undefined, 'the cached entry was forgotten');
      const disabled = (await clients.find(clientId))!;
      assert.deepEqual([disabled.enabled, disabled.revision], [false, 1]);
      assert.ok((await clients.list()).some((c) => c.metadata.client_id === clientId && !c.enabled), 'listed while disabled');
      assert.equal(await clients.replace({ ...disabled, enabled: true }), true);
      const found = (await adapter.find(clientId))!;
      assert.equal(found.client_secret, relyingParty(clientId).client_secret);
      assert.ok(!Object.keys(found).some((key) => key.startsWith('pingate_')), 'oidc-provider sees none of Pingate\'s own fields');
    });

    test('a change is saved only over the revision it was made from; a removed client cannot be changed', async () => {
      const clientId = uniqueName('c-');
      await clients.save(relyingParty(clientId));
      const read = (await clients.find(clientId))!;
      assert.equal(await clients.replace({ ...read, metadata: { ...read.metadata, client_secret: 'rotated-secret-of-thirty-two-chars!' } }), true);
      assert.equal(await clients.replace({ ...read, metadata: { ...read.metadata, client_name: 'stale' } }), false, 'the second change was made from an older revision');
      const now = (await clients.find(clientId))!;
      assert.deepEqual([now.metadata.client_secret, now.metadata.client_name, now.revision], ['rotated-secret-of-thirty-two-chars!', undefined, 1]);
      assert.equal((await model('Client').find(clientId))!.client_secret, 'rotated-secret-of-thirty-two-chars!');

      assert.equal(await clients.remove(clientId), true);
      assert.equal(await clients.remove(clientId), false);
      assert.equal(await clients.find(clientId), null);
      assert.equal(await model('Client').find(clientId), undefined);
      assert.equal(await clients.replace(now), false);
    });

    test("revokeForClient deletes every grant, code and token issued to the client, and nothing else", async () => {
      const [mine, other] = [uniqueName('mine-'), uniqueName('other-')];
      await clients.save(relyingParty(mine));
      const issued = ['Grant', 'AccessToken', 'RefreshToken', 'AuthorizationCode', 'ClientCredentials', 'DeviceCode', 'BackchannelAuthenticationRequest'];
      const ids = new Map<string, string>();
      for (const name of issued) {
        const id = randomUUID();
        ids.set(name, id);
        await model(name).upsert(id, { jti: id, clientId: mine, accountId: 'acc', grantId: 'g' }, 3600);
        await model(name).upsert(`${id}-other`, { jti: id, clientId: other, accountId: 'acc', grantId: 'g2' }, 3600);
      }
      const session = randomUUID();
      await model('Session').upsert(session, { uid: randomUUID(), accountId: 'acc', authorizations: { [mine]: { grantId: 'g' } } }, 3600);

      assert.equal(await opened.storage.sessions.revokeForClient(mine, 'credentials'), 1, 'credentials: the client credentials token alone');
      assert.equal(await model('ClientCredentials').find(ids.get('ClientCredentials')!), undefined);
      assert.ok(await model('AccessToken').find(ids.get('AccessToken')!));

      assert.equal(await opened.storage.sessions.revokeForClient(mine, 'all'), issued.length - 1);
      for (const name of issued) {
        assert.equal(await model(name).find(ids.get(name)!), undefined, `${name} of the client is gone`);
        assert.ok(await model(name).find(`${ids.get(name)}-other`), `${name} of another client stays`);
      }
      assert.ok(await model('Session').find(session), "the user's session stays");
      assert.ok(await clients.find(mine), 'the client itself stays');
      const left = (await new StoredRecords(opened.storage).all('oidc')).filter((r) => r.payload.clientId === mine);
      assert.deepEqual(left, []);
    });
  });
}
