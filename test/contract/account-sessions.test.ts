// The SessionStore's per-account operations behind "Your sessions and applications", on every
// backend: an account's grants listed, one session ended as a logout ends it (its session-bound
// grants and their tokens with it, an offline grant kept), one grant revoked with its tokens, and
// never a record of another account, whatever uid or grant id is given.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { availableBackends, openTestStorage, type TestStorage } from '../support/backends.ts';
import { SettableClock } from '../support/clock.ts';

for (const kind of availableBackends()) {
  describe(`an account's own sessions and grants on ${kind}`, () => {
    let opened: TestStorage;
    const clock = new SettableClock();
    const model = (name: string) => new opened.storage.oidcAdapter(name);
    const sessions = () => opened.storage.sessions;

    before(async () => {
      opened = await openTestStorage(kind, { clock });
    });
    after(async () => opened?.close());

    /** An account signed in to a first-party app (session-bound grant) and a partner with
     * offline access (a grant that outlives logout), each grant with a token. */
    async function signedIn(accountId: string, tag: string) {
      const uid = `uid-${tag}`;
      const [appGrant, partnerGrant] = [`g-app-${tag}`, `g-partner-${tag}`];
      const iat = Math.floor(clock.now().getTime() / 1000);
      await model('Session').upsert(`sess-${tag}`, {
        uid, accountId, loginTs: iat, amr: ['pin', 'otp'],
        authorizations: { app: { sid: `sid-app-${tag}`, grantId: appGrant }, partner: { sid: `sid-partner-${tag}`, grantId: partnerGrant, persistsLogout: true } },
      }, 3600);
      await model('Grant').upsert(appGrant, { accountId, clientId: 'app', iat, openid: { scope: 'openid profile' } }, 3600);
      await model('Grant').upsert(partnerGrant, { accountId, clientId: 'partner', iat, openid: { scope: 'openid email offline_access' } }, 7200);
      await model('RefreshToken').upsert(`rt-app-${tag}`, { accountId, grantId: appGrant, clientId: 'app' }, 3600);
      await model('RefreshToken').upsert(`rt-partner-${tag}`, { accountId, grantId: partnerGrant, clientId: 'partner' }, 3600);
      await model('AccessToken').upsert(`at-app-${tag}`, { accountId, grantId: appGrant, clientId: 'app' }, 3600);
      return { uid, appGrant, partnerGrant };
    }

    test("an account's live grants are listed with client, scopes and end; another account's are not", async () => {
      const [mine, theirs] = [randomUUID(), randomUUID()];
      const a = await signedIn(mine, `list-${mine}`);
      await signedIn(theirs, `list-${theirs}`);
      await model('Grant').upsert(`g-old-${mine}`, { accountId: mine, clientId: 'old' }, 1);
      clock.advanceSeconds(2);
      const grants = [...(await sessions().listGrantsForAccount(mine))].sort((x, y) => x.clientId.localeCompare(y.clientId));
      assert.deepEqual(grants.map((g) => [g.grantId, g.clientId, g.scopes, g.accountId]), [
        [a.appGrant, 'app', ['openid', 'profile'], mine],
        [a.partnerGrant, 'partner', ['openid', 'email', 'offline_access'], mine],
      ], 'live grants only');
      assert.ok(grants[1]!.expiresAt! > grants[0]!.expiresAt!);
      assert.ok(grants[0]!.grantedAt instanceof Date);
    });

    test('ending one session deletes it and its session-bound grant with its tokens; the offline grant and the other sessions stay', async () => {
      const accountId = randomUUID();
      const one = await signedIn(accountId, `one-${accountId}`);
      const two = await signedIn(accountId, `two-${accountId}`);
      const ended = await sessions().revokeSession(accountId, one.uid);
      assert.deepEqual(ended, { uid: one.uid, sids: { app: `sid-app-one-${accountId}`, partner: `sid-partner-one-${accountId}` }, tokens: 3 });
      assert.equal(await model('Session').find(`sess-one-${accountId}`), undefined);
      assert.equal(await model('Grant').find(one.appGrant), undefined);
      assert.equal(await model('RefreshToken').find(`rt-app-one-${accountId}`), undefined);
      assert.equal(await model('AccessToken').find(`at-app-one-${accountId}`), undefined);
      assert.ok(await model('Grant').find(one.partnerGrant), 'a grant with offline access outlives the session, as it outlives a logout');
      assert.ok(await model('RefreshToken').find(`rt-partner-one-${accountId}`));
      assert.deepEqual((await sessions().listForAccount(accountId)).map((s) => s.uid), [two.uid]);
      assert.ok(await model('Grant').find(two.appGrant));
      assert.equal(await sessions().revokeSession(accountId, one.uid), null, 'once');
    });

    test("another account's session uid or grant id is never found, and nothing of it goes", async () => {
      const [me, victim] = [randomUUID(), randomUUID()];
      const theirs = await signedIn(victim, `victim-${victim}`);
      await signedIn(me, `me-${me}`);
      assert.equal(await sessions().revokeSession(me, theirs.uid), null);
      assert.equal(await sessions().revokeGrant(me, theirs.appGrant), null);
      assert.equal(await sessions().revokeGrant(me, theirs.partnerGrant), null);
      assert.ok(await model('Session').find(`sess-victim-${victim}`));
      assert.ok(await model('Grant').find(theirs.appGrant));
      assert.ok(await model('RefreshToken').find(`rt-app-victim-${victim}`));
      assert.ok(await model('RefreshToken').find(`rt-partner-victim-${victim}`));
    });

    test('revoking a grant deletes it and every token under it, and names the sessions that used it', async () => {
      const accountId = randomUUID();
      const one = await signedIn(accountId, `grant-${accountId}`);
      const revoked = await sessions().revokeGrant(accountId, one.partnerGrant);
      assert.deepEqual(revoked, { clientId: 'partner', tokens: 2, sids: [`sid-partner-grant-${accountId}`] });
      assert.equal(await model('Grant').find(one.partnerGrant), undefined);
      assert.equal(await model('RefreshToken').find(`rt-partner-grant-${accountId}`), undefined);
      assert.ok(await model('Grant').find(one.appGrant), 'other grants stay');
      assert.ok(await model('Session').find(`sess-grant-${accountId}`), 'the session stays');
      assert.equal(await sessions().revokeGrant(accountId, one.partnerGrant), null, 'once');
    });

    test('an expired session is not ended again', async () => {
      const accountId = randomUUID();
      await model('Session').upsert(`sess-exp-${accountId}`, { uid: `uid-exp-${accountId}`, accountId, loginTs: 1 }, 1);
      clock.advanceSeconds(2);
      assert.equal(await sessions().revokeSession(accountId, `uid-exp-${accountId}`), null);
    });
  });
}
