// The web console's sign-in and session over HTTP, on both storage backends: a fresh PIN +
// tokencode sign-in of a console group's member opens it (audited); anyone else is refused; and
// the session is judged at every request, so leaving the group, a disabled account or ended
// sessions end the console at the next click, and a promotion takes effect at once. The
// helpdesk's limits hold through the API too: a helpdesk client cannot reset an
// administrator's PIN nor choose anyone's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { revokeSessions } from '../../src/usecases/admin/manage-sessions.ts';
import { setAccountEnabled, updateAccount } from '../../src/usecases/admin/manage-account.ts';
import { adminApi } from '../support/admin-api.ts';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

describe('the console session', () => {
  let server: TestServer;
  let client: TestClient;
  before(async () => {
    server = await startTestServer({ console: { adminGroups: ['it-admins'], helpdeskGroups: ['service-desk'], idleTimeoutMinutes: 15, maxSessionHours: 8 } });
    client = await server.createClient();
  });
  after(() => server?.close());

  /** Signs in to the console from its sign-in link; the page it ends on. */
  async function signIn(user: TestUser, agent = new UserAgent(server.issuer)): Promise<{ agent: UserAgent; page: Page }> {
    server.clock.advanceSeconds(30);
    const usernamePage = await agent.get(`${server.issuer}/console/sign-in`);
    assert.equal(heading(usernamePage), 'Sign in', 'the console always asks for a sign-in');
    const page = await submitPasscode(agent, await submitUsername(agent, usernamePage, user.username), user.pin, await user.code());
    return { agent, page };
  }

  test('a helpdesk member signs in with PIN and tokencode; the sign-in is audited with the role', async () => {
    const helpdesk = await server.createUser({ groups: ['service-desk'] });
    const { page } = await signIn(helpdesk);
    assert.equal(page.status, 200);
    assert.equal(new URL(page.url).pathname, '/console');
    assert.equal(heading(page), 'Accounts');
    const [event] = await server.app.audit.query({ event: 'console.signed_in', accountId: helpdesk.id, limit: 1 });
    assert.equal(event?.outcome, 'success');
    assert.equal(event?.details?.role, 'helpdesk');
  });

  test('signing out of the console ends the sign-in session it was opened with', async () => {
    const helpdesk = await server.createUser({ groups: ['service-desk'] });
    const { agent, page } = await signIn(helpdesk);
    assert.equal((await server.app.storage.sessions.listForAccount(helpdesk.id)).length, 1);
    const signedOut = await agent.submit(page, {}, '/console/sign-out');
    assert.match(signedOut.html, /You are signed out of the console/);
    assert.deepEqual(await server.app.storage.sessions.listForAccount(helpdesk.id), []);
    assert.equal(heading(await agent.get(`${server.issuer}/console`)), 'Sign in to the helpdesk console');
  });

  test('someone in no console group is refused, and audited', async () => {
    const staff = await server.createUser({ groups: ['staff'] });
    const { agent, page } = await signIn(staff);
    assert.equal(page.status, 403);
    assert.match(page.html, /Your account has no access to the console/);
    const [event] = await server.app.audit.query({ event: 'console.signed_in', accountId: staff.id, limit: 1 });
    assert.equal(event?.outcome, 'failure');
    assert.equal(event?.reason, 'no_console_role');
    assert.equal(heading(await agent.get(`${server.issuer}/console`)), 'Sign in to the helpdesk console');
  });

  test('an existing sign-in session is not enough: the console asks for the PIN and a code again', async () => {
    const helpdesk = await server.createUser({ groups: ['service-desk'] });
    const auth = await beginAuthorization(server.issuer, client);
    const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, helpdesk.username), helpdesk.pin, await helpdesk.code());
    await redeem(auth, done.leftTo!);
    // The same browser (its session cookie) goes to the console: the username page, not the console.
    const page = await auth.agent.get(`${server.issuer}/console/sign-in`);
    assert.equal(heading(page), 'Sign in');
    const back = await auth.agent.get(`${server.issuer}/console`);
    assert.equal(heading(back), 'Sign in to the helpdesk console');
  });

  test('leaving the group, a disabled account or ended sessions end the console at the next request', async () => {
    const first = await server.createUser({ groups: ['service-desk', 'staff'] });
    const signedIn = await signIn(first);
    await updateAccount(server.app.admin, first.username, { groups: ['staff'] });
    const left = await signedIn.agent.get(`${server.issuer}/console`);
    assert.match(left.html, /Your account no longer has access to the console/);

    const second = await server.createUser({ groups: ['service-desk'] });
    const again = await signIn(second);
    await revokeSessions(server.app.admin, second.username);
    assert.match((await again.agent.get(`${server.issuer}/console`)).html, /Sign in to the helpdesk console/);
    assert.doesNotMatch((await again.agent.get(`${server.issuer}/console`)).html, /<h1[^>]*>Accounts/);

    const third = await server.createUser({ groups: ['service-desk'] });
    const once = await signIn(third);
    await setAccountEnabled(server.app.admin, third.username, false);
    assert.equal(heading(await once.agent.get(`${server.issuer}/console`)), 'Sign in to the helpdesk console');
  });

  test('odd requests get a clear answer, never a 500', async () => {
    const helpdesk = await server.createUser({ groups: ['service-desk'] });
    const staff = await server.createUser({ groups: ['staff'] });
    const { agent } = await signIn(helpdesk);
    const repeated = await agent.get(`${server.issuer}/console/confirm/unlock?username=${staff.username}&username=someone-else`);
    assert.equal(repeated.status, 200);
    assert.match(repeated.html, new RegExp(`Lifts the lock on ${staff.username}`));
    assert.equal((await agent.get(`${server.issuer}/console/confirm/unlock?username=nobody-here`)).status, 404);
    assert.equal((await agent.get(`${server.issuer}/console/confirm/no_such_action`)).status, 404);
    assert.equal((await agent.get(`${server.issuer}/console/audit?from=yesterday`)).status, 400);
    assert.equal((await agent.get(`${server.issuer}/console/accounts/${'x'.repeat(300)}`)).status, 404);
    assert.equal((await agent.get(`${server.issuer}/console?page=-3&q=${'%25'.repeat(50)}`)).status, 200);
  });

  test('a promotion to an administrator group takes effect at the next request', async () => {
    const user = await server.createUser({ groups: ['service-desk'] });
    const { agent } = await signIn(user);
    assert.equal((await agent.get(`${server.issuer}/console/clients`)).status, 403);
    await updateAccount(server.app.admin, user.username, { groups: ['it-admins'] });
    const clients = await agent.get(`${server.issuer}/console/clients`);
    assert.equal(clients.status, 200);
    assert.equal(heading(clients), 'Clients');
  });

  test("a helpdesk API client cannot change an administrator's account, nor choose a PIN", async () => {
    const api = await adminApi(server, ['helpdesk']);
    const administrator = await server.createUser({ groups: ['it-admins'] });
    const staff = await server.createUser({ groups: ['staff'] });
    const refused = await api.call('POST', `/accounts/${administrator.username}/pin/reset`, {});
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'forbidden');
    assert.equal((await server.app.accounts.findByUsername(administrator.username))!.pin.state, 'SET', 'unchanged');
    assert.equal((await api.call('POST', `/accounts/${administrator.username}/unlock`, {})).status, 403);
    assert.equal((await api.call('DELETE', `/accounts/${administrator.username}/sessions`)).status, 403);
    const temporary = await api.call('POST', `/accounts/${staff.username}/pin/reset`, { temporaryPin: 'show' });
    assert.equal(temporary.status, 200);
    assert.equal(temporary.body.state, 'CHANGE_FORCED');
    assert.match(temporary.body.randomPin, /^\d{6,8}$/);
    const [audited] = await server.app.audit.query({ event: 'pin.reset', accountId: staff.id, limit: 1 });
    assert.deepEqual(audited?.actor, { type: 'client', id: api.clientId });
    assert.match(audited?.ip ?? '', /127\.0\.0\.1$/, 'the API caller\'s address is recorded');
    assert.equal((await api.call('PUT', `/accounts/${staff.username}/pin`, { pin: '583196' })).status, 403);
  });
});
