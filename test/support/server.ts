// Starts a real Pingate in the test process: real HTTP server, real database (its own
// database name on the shared test server), real keys. Helpers create accounts and clients
// through the same use cases the CLI uses.
import { RELYING_PARTY_SCOPES } from '../../src/usecases/admin/client-metadata.ts';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type DeepPartial } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { loadSecrets } from '../../src/security/secrets.ts';
import type { Logger } from '../../src/usecases/logger.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { totpAt, type TotpParameters } from '../../src/security/totp.ts';
import { createAccount } from '../../src/usecases/admin/create-account.ts';
import { enrolTotp } from '../../src/usecases/admin/enrol-totp.ts';
import { enrolEmailToken } from '../../src/usecases/admin/enrol-email-token.ts';
import { registerClient, type RegisterClientInput } from '../../src/usecases/admin/register-client.ts';
import { setPin } from '../../src/usecases/admin/set-pin.ts';
import { SettableClock } from './clock.ts';
import { newTestDatabase, uniqueName } from './backends.ts';

export { testDatabaseUri, uniqueName } from './backends.ts';

export interface TestServer extends RunningServer {
  readonly issuer: string;
  readonly clock: SettableClock;
  readonly config: Readonly<Config>;
  createUser(options?: Partial<TestUserOptions>): Promise<TestUser>;
  createClient(options?: Partial<RegisterClientInput>): Promise<TestClient>;
}

export interface TestUserOptions {
  readonly username: string;
  readonly pin: string | null;
  readonly groups: readonly string[];
  readonly email: string;
  readonly displayName: string;
  readonly totp: Partial<TotpParameters>;
  /** Keep the operator-set PIN (default) or make the user change it at first sign-in. */
  readonly changeOnFirstUse: boolean;
  /** The kind of token to enrol (TOTP by default). */
  readonly token: 'totp' | 'email';
}

export interface TestUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly pin: string;
  readonly secret: string;
  readonly parameters: TotpParameters;
  /** The TOTP code at the provider's (test) clock, or at `offsetSteps` steps from it. */
  code(offsetSteps?: number): Promise<string>;
}

export interface TestClient {
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly redirectUri: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let developmentSecrets: Promise<string> | undefined;

/** The development secrets a server generates into a new dataDir, generated once per test process
 * and copied: a 3072-bit RSA key takes most of a second, and every test server has a new dataDir. */
async function seedDevelopmentSecrets(dataDir: string): Promise<void> {
  developmentSecrets ??= (async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'pingate-secrets-'));
    await loadSecrets({ dataDir: scratch, generateMissing: true, env: {} });
    const text = readFileSync(path.join(scratch, 'keys', 'secrets.json'), 'utf8');
    rmSync(scratch, { recursive: true, force: true });
    return text;
  })();
  const text = await developmentSecrets;
  mkdirSync(path.join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dataDir, 'keys', 'secrets.json'), text, { mode: 0o600 });
}

/** `observe`: told about every database statement (SQLite) or command (MongoDB) the server runs.
 * `env`: variables read outside configuration (PINGATE_METRICS_TOKEN, SMTP_PASSWORD). */
export async function startTestServer(
  overrides: DeepPartial<Config> = {},
  { observe, env = {}, logger }: { observe?: (command: string, ms: number) => void; env?: NodeJS.ProcessEnv; logger?: Logger } = {},
): Promise<TestServer> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const database = newTestDatabase();
  const config = loadConfig({
    env: { NODE_ENV: 'test' },
    overrides: {
      ...overrides,
      issuer,
      server: { host: '127.0.0.1', port, trustProxy: overrides.server?.trustProxy ?? false, trustedProxyHops: overrides.server?.trustedProxyHops ?? 1 },
      ...database.config,
    } as DeepPartial<Config>,
  });
  await seedDevelopmentSecrets(config.dataDir);
  const clock = new SettableClock();
  const running = await startServer({ config, env, clock, ...(logger ? { logger } : {}), durable: false, ...(observe ? { observe } : {}) });
  const admin = running.app.admin;

  return {
    ...running,
    issuer,
    clock,
    config,
    async close() {
      await running.close();
      database.remove();
    },
    async createUser(options = {}) {
      const username = options.username ?? uniqueName('user');
      const account = await createAccount(admin, {
        username,
        email: options.email ?? `${username}@example.com`,
        displayName: options.displayName ?? `Test ${username}`,
        groups: options.groups ?? ['staff'],
      });
      const pin = options.pin === undefined ? '720435' : options.pin;
      if (pin !== null) await setPin(admin, username, pin, { waiveChangeOnFirstUse: !(options.changeOnFirstUse ?? false) });
      if (options.token === 'email') {
        await enrolEmailToken(admin, username);
        return {
          id: account.id,
          username,
          email: account.email!,
          pin: pin ?? '',
          secret: '',
          parameters: { algorithm: 'SHA1', digits: 6, period: 30 },
          code: () => Promise.reject(new Error('an email token has no TOTP code')),
        };
      }
      const enrolled = await enrolTotp(admin, { username, parameters: options.totp });
      const parameters = { algorithm: enrolled.token.algorithm, digits: enrolled.token.digits, period: enrolled.token.period };
      return {
        id: account.id,
        username,
        email: account.email!,
        pin: pin ?? '',
        secret: enrolled.secret,
        parameters,
        code: (offsetSteps = 0) => totpAt(enrolled.secret, parameters, new Date(clock.now().getTime() + offsetSteps * parameters.period * 1000)),
      };
    },
    async createClient(options = {}) {
      const clientId = options.clientId ?? uniqueName('client-');
      const redirectUri = options.redirectUris?.[0] ?? 'http://127.0.0.1:9999/callback';
      const metadata = await registerClient(admin, {
        clientId,
        name: options.name ?? 'Test application',
        redirectUris: [redirectUri],
        postLogoutRedirectUris: options.postLogoutRedirectUris ?? ['http://127.0.0.1:9999/logged-out'],
        firstParty: options.firstParty ?? true,
        public: options.public ?? false,
        secret: options.secret ?? randomBytes(32).toString('base64url'),
        // Every scope a relying party may have: the tests ask for all of them.
        scopes: RELYING_PARTY_SCOPES,
        ...options,
      });
      return { clientId, clientSecret: metadata.client_secret, redirectUri };
    },
  };
}
