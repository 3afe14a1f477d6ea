// The `pingate client` lifecycle commands against the database of a running provider, as an
// operator uses them: JSON and text output, exit codes, and the provider following each change
// (a relying party and a service client observed through openid-client and the admin API).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as oidc from 'openid-client';
import { adminApi } from '../support/admin-api.ts';
import { runPingate, runPingateOk, type Run } from '../support/cli.ts';
import { beginAuthorization, discover } from '../support/relying-party.ts';
import { startTestServer, uniqueName, type TestClient, type TestServer } from '../support/server.ts';
import { signInNewUser } from '../support/signed-in.ts';
import { heading } from '../support/signin.ts';
import { StoredRecords } from '../support/stored.ts';

describe('pingate client lifecycle commands', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  const pingate = (args: readonly string[]): Promise<Run> => runPingate(env, args);
  const ok = (args: readonly string[]): Promise<Run> => runPingateOk(env, args);
  const json = async <T = any>(args: readonly string[]): Promise<T> => JSON.parse((await ok(['--json', ...args])).stdout) as T;

  before(async () => {
    server = await startTestServer();
    // The command reaches the provider's database as an operator's would: the same data folder
    // (SQLite file, keys) or MONGODB_URI.
    env = { NODE_ENV: 'test', PINGATE_DATA_DIR: server.config.dataDir, ...(server.config.database.uri ? { MONGODB_URI: server.config.database.uri } : {}) };
  });
  after(async () => server?.close());

  /** The command is another process to the provider, which caches a client for a second. */
  const providerSeesChange = () => sleep(1_100);

  const signIn = (client: TestClient) => signInNewUser(server, client);

  test('add with a max age and a default acr; list and show relying parties and service clients, as text and JSON', async () => {
    const clientId = uniqueName('wiki-');
    const acr = server.config.signin.acr;
    const added = await json(['client', 'add', clientId, '--redirect-uri', 'https://wiki.example.com/cb', '--name', 'Wiki', '--max-age', '600', '--default-acr', acr]);
    assert.deepEqual([added.default_max_age, added.default_acr_values], [600, [acr]]);
    const service = uniqueName('svc-');
    const registered = await json(['client', 'add-service', service, '--scope', 'helpdesk,admin']);

    const listed = await json<Array<{ clientId: string; kind: string; scopes: string[]; enabled: boolean }>>(['client', 'list']);
    assert.deepEqual(listed.find((c) => c.clientId === service)!.scopes, ['helpdesk', 'admin']);
    assert.equal(listed.find((c) => c.clientId === clientId)!.kind, 'oidc');
    const table = (await ok(['client', 'list'])).stdout;
    assert.match(table.split('\n')[0]!, /^CLIENT ID\s+KIND\s+STATUS\s+NAME\s+SCOPES\s+REDIRECT URIS$/);
    assert.match(table, new RegExp(`^${service}\\s+service\\s+enabled\\s+helpdesk admin\\s*$`, 'm'));
    assert.match(table, new RegExp(`^${clientId}\\s+oidc\\s+enabled\\s+Wiki\\s+openid .*https://wiki\\.example\\.com/cb$`, 'm'));

    const shown = await json(['client', 'show', clientId]);
    assert.deepEqual([shown.name, shown.maxAge, shown.defaultAcr, shown.enabled], ['Wiki', 600, acr, true]);
    const text = (await ok(['client', 'show', clientId])).stdout;
    assert.match(text, /max age\s+600 s/);
    assert.match(text, /authentication\s+confidential, client_secret_basic/);
    assert.ok(![text, JSON.stringify(shown), table].some((out) => out.includes(added.client_secret) || out.includes(registered.client_secret)), 'no secret');

    const unknown = await pingate(['client', 'show', 'no-such-client']);
    assert.deepEqual([unknown.code, unknown.stderr], [3, 'pingate: no client no-such-client\n']);
    const badAcr = await pingate(['client', 'add', uniqueName('x-'), '--redirect-uri', 'https://x.example/cb', '--default-acr', 'urn:other']);
    assert.equal(badAcr.code, 2);
    assert.match(badAcr.stderr, /default acr: urn:other is not one of the provider's acr values/);
  });

  test('update replaces the redirect URIs (the provider follows) and clears settings; bad input exits 2', async () => {
    const client = await server.createClient({ maxAge: 300 });
    const moved = { ...client, redirectUri: 'http://127.0.0.1:9999/moved' };
    const run = await ok(['client', 'update', client.clientId, '--redirect-uri', moved.redirectUri, '--no-max-age', '--no-first-party', '--name', 'Moved']);
    assert.match(run.stdout, new RegExp(`^Client ${client.clientId} updated\\.\\n`));
    assert.match(run.stdout, /first party\s+no/);
    const shown = await json(['client', 'show', client.clientId]);
    assert.deepEqual([shown.redirectUris, shown.maxAge, shown.firstParty, shown.name], [[moved.redirectUri], null, false, 'Moved']);

    await providerSeesChange();
    assert.equal((await beginAuthorization(server.issuer, client)).page.status, 400, 'the replaced redirect URI is refused');
    assert.equal(heading((await beginAuthorization(server.issuer, moved)).page), 'Sign in');

    for (const [args, message] of [
      [['--redirect-uri', 'not a uri'], /^pingate: malformed redirect URI: not a uri\n$/],
      [['--default-acr', 'urn:other'], /not one of the provider's acr values/],
      [['--max-age', 'soon'], /--max-age/],
      [[], /nothing to change/],
    ] as const) {
      const refused = await pingate(['client', 'update', client.clientId, ...args]);
      assert.equal(refused.code, 2, args.join(' '));
      assert.match(refused.stderr, message);
    }
    assert.equal((await pingate(['client', 'update', 'no-such-client', '--name', 'x'])).code, 3);
  });

  test('disable: the tokens stop at once, the client within the provider\'s cache second; enable brings it back; audited as the operator', async () => {
    const client = await server.createClient();
    const { auth, tokens } = await signIn(client);
    const run = await ok(['client', 'disable', client.clientId]);
    assert.match(run.stdout, new RegExp(`^Client ${client.clientId} disabled; [1-9]\\d* grant\\(s\\), code\\(s\\) and token\\(s\\) revoked\\.`));
    assert.match(run.stdout, /status\s+disabled/);
    await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!), 'the refresh token is gone at once');
    await assert.rejects(oidc.fetchUserInfo(auth.config, tokens.access_token, tokens.claims()!.sub), 'so is the access token');
    await providerSeesChange();
    assert.equal((await beginAuthorization(server.issuer, client)).page.status, 400, 'the client is unknown to the provider');

    assert.equal((await json(['client', 'enable', client.clientId])).enabled, true);
    await providerSeesChange();
    await signIn(client);

    const service = await adminApi(server, ['helpdesk']);
    assert.equal((await service.call('GET', '/accounts')).status, 200);
    await ok(['client', 'disable', service.clientId]);
    assert.equal((await service.call('GET', '/accounts')).status, 401, "a disabled service client's token is refused");

    const events = await json<Array<{ event: string; clientId: string; actor: { type: string; id: string } }>>(['audit', '--event', 'client.disabled']);
    const audited = events.find((e) => e.clientId === client.clientId)!;
    assert.equal(audited.actor.type, 'operator');
    assert.match(audited.actor.id, /^cli:/);
    assert.match((await ok(['audit', '--event', 'client.enabled'])).stdout, new RegExp(`client\\.enabled\\s+success\\s+-\\s+operator:cli:\\S+\\s+${client.clientId}`));
  });

  test('rotate-secret: the provider refuses the old secret and takes the new one; a public client has none', async () => {
    const client = await server.createClient();
    const { tokens } = await signIn(client);
    const rotated = await json<{ clientId: string; clientSecret: string }>(['client', 'rotate-secret', client.clientId]);
    assert.equal(rotated.clientId, client.clientId);
    await providerSeesChange();
    await assert.rejects(oidc.refreshTokenGrant(await discover(server.issuer, client), tokens.refresh_token!), 'the old secret is refused');
    const renewed = await oidc.refreshTokenGrant(await discover(server.issuer, { ...client, clientSecret: rotated.clientSecret }), tokens.refresh_token!);
    assert.ok(renewed.access_token);

    const text = (await ok(['client', 'rotate-secret', client.clientId])).stdout;
    assert.match(text, /^Client \S+ has a new secret; the old one no longer works\.\nClient secret:\s+\S{43}\n/);
    const spa = await server.createClient({ public: true, secret: undefined });
    const refused = await pingate(['client', 'rotate-secret', spa.clientId]);
    assert.deepEqual([refused.code, refused.stderr], [1, `pingate: client ${spa.clientId} is public: it has no secret to rotate\n`]);
  });

  test('remove: refused without --yes when no one can be asked; with it, every record of the client is gone', async () => {
    const client = await server.createClient();
    const { auth, tokens } = await signIn(client);
    const unconfirmed = await pingate(['client', 'remove', client.clientId]);
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stderr, /revokes every grant and token issued to it: add --yes to confirm/);
    assert.equal((await json(['client', 'show', client.clientId])).enabled, true, 'nothing was removed');

    const removed = await json<{ clientId: string; removed: boolean; tokens: number }>(['client', 'remove', client.clientId, '--yes']);
    assert.deepEqual([removed.clientId, removed.removed], [client.clientId, true]);
    assert.ok(removed.tokens >= 3, JSON.stringify(removed));
    await assert.rejects(oidc.refreshTokenGrant(auth.config, tokens.refresh_token!));
    const left = (await new StoredRecords(server.app.storage).all('oidc')).filter((r) => r.payload.clientId === client.clientId || r.id === client.clientId);
    assert.deepEqual(left, []);
    assert.equal((await pingate(['client', 'remove', client.clientId, '--yes'])).code, 3);
  });
});
