// A real Keycloak for the brokering tests: the distribution from Maven Central (fetched once with
// `mvn`, kept in .cache/keycloak-<version>/), started in development mode on a free port with a
// fresh H2 database in a temporary folder, its log in test-output/keycloak.log; and a small
// client of its admin REST API. PINGATE_TEST_KEYCLOAK_URL uses a Keycloak already running there
// instead (its admin from KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config/load.ts';
import { freePort } from './server.ts';

export const KEYCLOAK_VERSION = '26.7.3';
export const keycloakLog = path.join(projectRoot, 'test-output', 'keycloak.log');
const home = path.join(projectRoot, '.cache', `keycloak-${KEYCLOAK_VERSION}`);

export interface RunningKeycloak {
  readonly url: string;
  readonly admin: KeycloakAdmin;
  stop(): Promise<void>;
}

function run(command: string, args: readonly string[], cwd: string): Promise<void> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${command}: ${error.message} (Maven and a Java 17+ runtime are needed)`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** The unpacked distribution, fetched from Maven Central on first use. */
export async function keycloakHome(): Promise<string> {
  if (existsSync(path.join(home, 'bin', 'kc.sh'))) return home;
  mkdirSync(path.dirname(home), { recursive: true });
  const partial = mkdtempSync(`${home}.partial-`);
  try {
    const artifact = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`;
    await run('mvn', ['-B', '-q', 'dependency:unpack', `-Dartifact=${artifact}`, `-DoutputDirectory=${partial}`], partial);
    // The zip holds one folder, keycloak-<version>; moved into place whole, so a half-unpacked
    // copy is never used.
    renameSync(path.join(partial, `keycloak-${KEYCLOAK_VERSION}`), home);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return home;
}

/** Pingate's authenticator (integrations/keycloak), built with Maven when its jar is missing. */
export async function authenticatorJar(): Promise<string> {
  const module = path.join(projectRoot, 'integrations', 'keycloak');
  const jar = path.join(module, 'target', 'pingate-keycloak-authenticator-0.1.0.jar');
  if (!existsSync(jar)) await run('mvn', ['-B', '-q', 'package'], module);
  return jar;
}

let shared: Promise<RunningKeycloak> | undefined;
/** One Keycloak for every Keycloak test file of a run (they run in one process: test/run.ts);
 * it stops when the process exits. */
export function sharedKeycloak(): Promise<RunningKeycloak> {
  shared ??= startKeycloak();
  return shared;
}

/** Starts Keycloak (or uses PINGATE_TEST_KEYCLOAK_URL) with Pingate's authenticator installed,
 * and waits until its admin API answers. */
export async function startKeycloak(): Promise<RunningKeycloak> {
  const given = process.env.PINGATE_TEST_KEYCLOAK_URL;
  const username = process.env.KC_BOOTSTRAP_ADMIN_USERNAME ?? 'admin';
  const password = process.env.KC_BOOTSTRAP_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
  if (given) return { url: given, admin: new KeycloakAdmin(given, username, password), stop: async () => {} };

  const dir = await keycloakHome();
  // start-dev builds Keycloak with whatever providers/ holds.
  copyFileSync(await authenticatorJar(), path.join(dir, 'providers', 'pingate-keycloak-authenticator.jar'));
  const [port, managementPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const data = mkdtempSync(path.join(os.tmpdir(), 'pingate-keycloak-'));
  mkdirSync(path.dirname(keycloakLog), { recursive: true });
  const log = createWriteStream(keycloakLog);
  const args = [
    'start-dev',
    '--http-host=127.0.0.1',
    `--http-port=${port}`,
    `--http-management-port=${managementPort}`, // not the shared default 9000, should it start
    '--hostname-strict=false',
    `--db-url=jdbc:h2:file:${path.join(data, 'keycloakdb')};NON_KEYWORDS=VALUE`,
  ];
  const child = spawn(path.join(dir, 'bin', 'kc.sh'), args, {
    cwd: dir,
    detached: true, // its own process group: kc.sh and the JVM it starts stop together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KC_BOOTSTRAP_ADMIN_USERNAME: username, KC_BOOTSTRAP_ADMIN_PASSWORD: password },
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  // Detached, it would outlive a test process that ends without stopping it.
  const orphaned = () => {
    signal('SIGKILL');
    rmSync(data, { recursive: true, force: true });
  };
  process.once('exit', orphaned);
  const stop = async () => {
    process.off('exit', orphaned);
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGTERM');
      const killer = setTimeout(() => signal('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
    rmSync(data, { recursive: true, force: true });
  };

  const deadline = Date.now() + 6 * 60_000;
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  while (Date.now() < deadline && gone === undefined) {
    const ready = await fetch(`${url}/realms/master`).then((r) => r.ok, () => false);
    if (ready) {
      // A Keycloak shared by the test files (sharedKeycloak) is never stopped by them: it must not
      // keep the test process alive, whose exit ends it (orphaned, above).
      child.unref();
      (child.stdout as unknown as { unref(): void }).unref();
      (child.stderr as unknown as { unref(): void }).unref();
      return { url, admin: new KeycloakAdmin(url, username, password), stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  await stop();
  throw new Error(`Keycloak ${gone === undefined ? 'did not answer within 6 minutes' : `exited with ${gone}`}; see ${keycloakLog}`);
}

/** Keycloak's admin REST API as the bootstrap administrator (admin-cli, master realm). */
export class KeycloakAdmin {
  #token: { value: string; until: number } | undefined;
  readonly url: string;
  readonly #username: string;
  readonly #password: string;

  constructor(url: string, username: string, password: string) {
    this.url = url;
    this.#username = username;
    this.#password = password;
  }

  async #bearer(): Promise<string> {
    if (this.#token && this.#token.until > Date.now()) return this.#token.value;
    const response = await fetch(`${this.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: this.#username, password: this.#password }),
    });
    if (!response.ok) throw new Error(`Keycloak admin token: ${response.status} ${await response.text()}`);
    const token = (await response.json()) as { access_token: string; expires_in: number };
    this.#token = { value: token.access_token, until: Date.now() + (token.expires_in - 10) * 1000 };
    return token.access_token;
  }

  /** A call to /admin/realms<path>; answers the parsed JSON body (undefined when empty). */
  async request<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/admin/realms${pathname}`, {
      method,
      headers: { authorization: `Bearer ${await this.#bearer()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Keycloak ${method} /admin/realms${pathname}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** A relying party registered at Keycloak. */
export interface KeycloakClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
}

export interface BrokeringSetup {
  readonly realm: string;
  /** The identity provider's alias in Keycloak's broker URLs. */
  readonly alias: string;
  readonly pingateIssuer: string;
  /** Pingate's client for Keycloak. */
  readonly pingateClient: { readonly clientId: string; readonly clientSecret: string };
  readonly app: KeycloakClient;
}

/**
 * A realm that brokers to Pingate as docs/integration.md's "Keycloak" section says: an OpenID
 * Connect identity provider from Pingate's discovery document, the user profile and mappers that
 * let a first sign-in through without extra pages, and one confidential client (the application).
 */
export async function createBrokeringRealm(admin: KeycloakAdmin, setup: BrokeringSetup): Promise<void> {
  const { realm, alias, app } = setup;
  await admin.request('POST', '', { realm, enabled: true });

  // Pingate sends name, not given_name / family_name; Keycloak splits it at the first space. It
  // requires a first and a last name by default, and a one-word name would get its "Update
  // account information" page at the first sign-in: neither is required here.
  const profile = await admin.request<{ attributes: Array<{ name: string; required?: unknown }> }>('GET', `/${realm}/users/profile`);
  for (const attribute of profile.attributes) if (attribute.name === 'firstName' || attribute.name === 'lastName') delete attribute.required;
  await admin.request('PUT', `/${realm}/users/profile`, profile);

  const discovered = await admin.request<Record<string, string>>('POST', `/${realm}/identity-provider/import-config`, {
    providerId: 'oidc',
    fromUrl: `${setup.pingateIssuer}/.well-known/openid-configuration`,
  });
  await admin.request('POST', `/${realm}/identity-provider/instances`, identityProvider(setup, discovered, false));
  const mapper = (name: string, identityProviderMapper: string, config: Record<string, string>) =>
    admin.request('POST', `/${realm}/identity-provider/instances/${alias}/mappers`, { name, identityProviderAlias: alias, identityProviderMapper, config: { syncMode: 'INHERIT', ...config } });
  await mapper('groups', 'oidc-user-attribute-idp-mapper', { claim: 'groups', 'user.attribute': 'groups' });
  // The acr Pingate reached belongs to the sign-in, not to the user: a user session note.
  await mapper('acr', 'oidc-user-session-note-idp-mapper', { claims: JSON.stringify([{ key: 'acr', value: '.*' }]), 'are.claim.values.regex': 'true' });

  const claim = { 'id.token.claim': 'true', 'access.token.claim': 'true', 'userinfo.token.claim': 'true', 'jsonType.label': 'String' };
  await admin.request('POST', `/${realm}/clients`, {
    clientId: app.clientId,
    protocol: 'openid-connect',
    publicClient: false,
    secret: app.clientSecret,
    standardFlowEnabled: true,
    directAccessGrantsEnabled: false,
    redirectUris: [app.redirectUri],
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': app.postLogoutRedirectUri },
    protocolMappers: [
      { name: 'groups', protocol: 'openid-connect', protocolMapper: 'oidc-usermodel-attribute-mapper', config: { ...claim, 'user.attribute': 'groups', 'claim.name': 'groups', multivalued: 'true' } },
      { name: 'pingate acr', protocol: 'openid-connect', protocolMapper: 'oidc-usersessionmodel-note-mapper', config: { ...claim, 'user.session.note': 'acr', 'claim.name': 'pingate_acr' } },
    ],
  });
}

function identityProvider(setup: BrokeringSetup, discovered: Record<string, string>, backchannelLogout: boolean) {
  return {
    alias: setup.alias,
    displayName: 'Pingate',
    providerId: 'oidc',
    enabled: true,
    // Pingate's addresses are set by administrators: email_verified is true.
    trustEmail: true,
    config: {
      ...discovered,
      clientId: setup.pingateClient.clientId,
      clientSecret: setup.pingateClient.clientSecret,
      clientAuthMethod: 'client_secret_post',
      pkceEnabled: 'true',
      pkceMethod: 'S256',
      defaultScope: 'openid profile email groups',
      syncMode: 'FORCE',
      forwardParameters: 'acr_values',
      backchannelSupported: String(backchannelLogout),
    },
  };
}

/** Keycloak's "Backchannel logout" switch of the identity provider. */
export async function setBackchannelLogout(admin: KeycloakAdmin, setup: BrokeringSetup, on: boolean): Promise<void> {
  const current = await admin.request<{ config: Record<string, string> }>('GET', `/${setup.realm}/identity-provider/instances/${setup.alias}`);
  await admin.request('PUT', `/${setup.realm}/identity-provider/instances/${setup.alias}`, identityProvider(setup, current.config, on));
}

/** The Keycloak user brokered from the Pingate username, or undefined. */
export async function keycloakUser(admin: KeycloakAdmin, realm: string, username: string): Promise<{ id: string; username: string; email?: string; attributes?: Record<string, string[]> } | undefined> {
  const users = await admin.request<Array<{ id: string; username: string }>>('GET', `/${realm}/users?exact=true&username=${encodeURIComponent(username)}`);
  return users[0];
}

/** The user's Keycloak sessions. */
export function keycloakSessions(admin: KeycloakAdmin, realm: string, userId: string): Promise<Array<{ id: string; clients: Record<string, string> }>> {
  return admin.request('GET', `/${realm}/users/${userId}/sessions`);
}
