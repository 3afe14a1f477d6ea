// The account console's token changes, on the real stores: the token a user signs in with is
// never removed (replacing it is the way); a token that is not in use is, audited with the user
// as actor; a replacement is activated only by the flow that started it, with a code from it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDomainError } from '../../src/domain/errors.ts';
import { totpAt } from '../../src/security/totp.ts';
import { registerClient } from '../../src/usecases/admin/register-client.ts';
import { finishTokenReplacement, removeMyToken, startTokenReplacement } from '../../src/usecases/account/my-tokens.ts';
import { startSessionsPageFlow } from '../../src/usecases/signin/open-flow.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('a user’s own tokens', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  const accountOf = async (username: string) => (await server.app.accounts.findByUsername(username))!;

  test('the active token cannot be removed; one not in use (a set-up left unfinished) can, and the audit names the user', async () => {
    const user = await server.createUser();
    const { signin } = server.app;
    const flow = await startSessionsPageFlow(signin, await accountOf(user.username));
    const [active] = await signin.tokens.listForAccount(user.id);
    await assert.rejects(removeMyToken(signin, flow, active!.id, '127.0.0.1'), (error) => isDomainError(error, 'forbidden'));
    const started = await startTokenReplacement(signin, flow);
    const pending = (await signin.tokens.listForAccount(user.id)).find((token) => token.state === 'PENDING');
    assert.equal(pending?.id, started.flow.consoleTokenId);
    await removeMyToken(signin, started.flow, pending!.id, '127.0.0.1');
    assert.deepEqual((await signin.tokens.listForAccount(user.id)).map((token) => token.id), [active!.id]);
    const [deleted] = await server.app.audit.query({ accountId: user.id, event: 'token.deleted', limit: 1 });
    assert.deepEqual(deleted?.actor, { type: 'user', id: user.id });
  });

  test('another account’s token is not found', async () => {
    const owner = await server.createUser();
    const other = await server.createUser();
    const [theirs] = await server.app.signin.tokens.listForAccount(other.id);
    const flow = await startSessionsPageFlow(server.app.signin, await accountOf(owner.username));
    await assert.rejects(removeMyToken(server.app.signin, flow, theirs!.id, '127.0.0.1'), (error) => isDomainError(error, 'not_found'));
  });

  test('a replacement: pending until a right code from it; only its own flow can activate it; then the only token', async () => {
    const user = await server.createUser();
    const { signin } = server.app;
    const account = await accountOf(user.username);
    const flow = await startSessionsPageFlow(signin, account);
    const started = await startTokenReplacement(signin, flow);
    const otherFlow = await startSessionsPageFlow(signin, account);
    const code = await totpAt(started.enrolment.secret, { algorithm: 'SHA1', digits: 6, period: 30 }, server.clock.now());
    await assert.rejects(finishTokenReplacement(signin, otherFlow, code, '127.0.0.1'), (error) => isDomainError(error, 'flow_expired'));
    assert.equal(await finishTokenReplacement(signin, started.flow, '000000', '127.0.0.1'), 'wrong_code');
    assert.equal((await signin.tokens.findActiveForAccount(user.id))?.sealedSecret !== null, true);
    assert.equal(await finishTokenReplacement(signin, started.flow, code, '127.0.0.1'), 'replaced_signed_out', 'every session ends (sessions.endOn.tokenRemove)');
    const tokens = await signin.tokens.listForAccount(user.id);
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0]!.state, 'ACTIVE');
    assert.equal(signin.secretBox.open(tokens[0]!.sealedSecret!, `token:${tokens[0]!.id}`), started.enrolment.secret);
  });

  test('the account console’s own client id cannot be registered by an administrator', async () => {
    await assert.rejects(
      registerClient(server.app.admin, { clientId: 'pingate-account', name: 'Impostor', redirectUris: ['https://evil.example/cb'], postLogoutRedirectUris: [], firstParty: true, public: false }),
      (error) => isDomainError(error, 'duplicate'),
    );
  });

  test('an email-token account cannot change its tokens here: its re-authentication is the PIN alone', async () => {
    const user = await server.createUser({ token: 'email' });
    const flow = await startSessionsPageFlow(server.app.signin, await accountOf(user.username));
    await assert.rejects(startTokenReplacement(server.app.signin, flow), (error) => isDomainError(error, 'forbidden'));
    assert.equal((await server.app.signin.tokens.listForAccount(user.id)).length, 1);
  });
});
