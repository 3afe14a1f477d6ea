// SIGTERM under load, as an orchestrator sends it to roll out a new version: two provider
// processes (`npm start`'s command) on one database behind a round-robin proxy, and one of them
// told to stop while 40 sign-ins are being submitted. It stops accepting connections, finishes
// every request it had accepted (each sign-in gets its usual answer: signed in, or refused for a
// wrong PIN; none cut), then closes the database and exits 0. Connections to it after the signal
// are refused, so the proxy passes them to the other process: no request fails.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { totpAt, type TotpParameters } from '../../src/security/totp.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { enrolTotp } from '../../src/usecases/admin/enrol-totp.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import { testBackend, uniqueName } from '../support/backends.ts';
import { startProcessPair, type ProcessPair } from '../support/process-pair.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import { alertText, submitPasscode, submitUsername } from '../support/signin.ts';

const backend = testBackend();
const SIGN_INS = 20;
const WRONG_PINS = 20;

/** What became of a request: its status, or the error code of a request that got no answer. */
type Outcome = { readonly status: number } | { readonly failed: string };

const failureCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).message;
};

describe(`SIGTERM under load (${backend})`, () => {
  let pair: ProcessPair;
  const log: string[] = [];

  before(async () => {
    const env = {
      PINGATE_SERVER_SHUTDOWN_TIMEOUT_SECONDS: '20',
      // The stop is logged at info.
      PINGATE_LOGGING_LEVEL: 'info',
      PINGATE_RATE_LIMIT_PER_IP: '1000000',
      PINGATE_RATE_LIMIT_PER_USERNAME: '1000000',
    };
    pair = await startProcessPair('shutdown', env, (line) => {
      log.push(line);
      if (process.env.PINGATE_TEST_VERBOSE) process.stderr.write(`${line}\n`);
    });
  });

  after(() => pair?.close());

  test('the accepted sign-ins all finish with their usual answer; new connections go to the other process; exit 0', async () => {
    const { database, client, issuer, proxy } = pair;
    const [stopping, staying] = pair.providers;
    const users: { username: string; code(): Promise<string> }[] = [];
    for (let i = 0; i < SIGN_INS + WRONG_PINS; i += 1) {
      const username = uniqueName('drain');
      await createAccount(database.admin, { username, email: `${username}@example.com`, displayName: username, groups: ['staff'] });
      await setPin(database.admin, username, '720435', { waiveChangeOnFirstUse: true });
      const enrolled = await enrolTotp(database.admin, { username });
      const parameters: TotpParameters = { algorithm: enrolled.token.algorithm, digits: enrolled.token.digits, period: enrolled.token.period };
      users.push({ username, code: () => totpAt(enrolled.secret, parameters, new Date()) });
    }
    // Every flow at its PIN + code page, then all the submissions at once: each one costs an
    // argon2id verification, so they are still being served when the signal comes.
    const flows = await Promise.all(
      users.map(async (user) => {
        const auth = await beginAuthorization(issuer, client);
        return { auth, page: await submitUsername(auth.agent, auth.page, user.username) };
      }),
    );
    const submissions = Promise.all(
      flows.map(async ({ auth, page }, i) => {
        const pin = i < SIGN_INS ? '720435' : '999999';
        const result = await submitPasscode(auth.agent, page, pin, await users[i]!.code());
        return { wanted: i < SIGN_INS ? 'signed in' : 'refused', status: result.status, leftTo: result.leftTo, alert: alertText(result) };
      }),
    );
    // Every submission written whole to its process (the connection established), then the signal.
    const postsBefore = proxy.written.POST ?? 0;
    while ((proxy.written.POST ?? 0) < postsBefore + flows.length) await new Promise((resolve) => setTimeout(resolve, 5));
    stopping.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Requests after the signal, while the accepted ones are still being served: straight to the
    // stopping process, and through the proxy.
    const get = (url: string): Promise<Outcome> =>
      fetch(url, { headers: { connection: 'close' } }).then(
        async (response) => ({ status: (await response.arrayBuffer(), response.status) }),
        (error: unknown) => ({ failed: failureCode(error) }),
      );
    const direct: Outcome[] = [];
    const proxied: Outcome[] = [];
    for (let i = 0; i < 10; i += 1) {
      direct.push(await get(`http://127.0.0.1:${stopping.port}/.well-known/openid-configuration`));
      proxied.push(await get(`${issuer}/.well-known/openid-configuration`));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const results = await submissions;
    for (const result of results) {
      if (result.wanted === 'signed in') assert.ok(result.leftTo?.startsWith(client.redirectUri), `a sign-in accepted before the signal finished: ${JSON.stringify(result)}`);
      else assert.equal(result.status, 401, `a wrong PIN accepted before the signal got its usual answer: ${JSON.stringify(result)}`);
    }
    // Right after the signal the process still takes the connections already queued (answered
    // whole); one that arrives in the instant the listening socket closes is reset before any
    // answer (the system's doing: a client or proxy retries it); from then on, refused.
    const refused = (outcome: Outcome) => 'failed' in outcome && outcome.failed === 'ECONNREFUSED';
    const resetUnanswered = (outcome: Outcome) => 'failed' in outcome && outcome.failed === 'ECONNRESET';
    assert.ok(direct.every((outcome) => refused(outcome) || resetUnanswered(outcome) || ('status' in outcome && outcome.status === 200)), `straight to the stopping process: refused or answered whole: ${JSON.stringify(direct)}`);
    assert.ok(direct.slice(-5).every(refused), `no new connection is accepted once stopping: ${JSON.stringify(direct)}`);
    assert.ok(proxied.every((outcome) => 'status' in outcome && outcome.status === 200), `through the proxy every request is answered: ${JSON.stringify(proxied)}`);

    const exit = await stopping.exited;
    assert.deepEqual(exit, { code: 0, signal: null });
    const stopped = log.map((line) => /\{.*"event":"server\.stopped".*\}/.exec(line)?.[0]).find(Boolean);
    assert.ok(stopped, `the provider logged its stop:\n${log.slice(-5).join('\n')}`);
    const record = JSON.parse(stopped) as { cutRequests: number; runningAtStop: number };
    assert.equal(record.cutRequests, 0);
    assert.ok(record.runningAtStop > 0, 'the signal came while the process was serving sign-ins');
    // The other process goes on.
    assert.equal((await fetch(`http://127.0.0.1:${staying.port}/readyz`)).status, 200);
  });
});
