// Two provider processes (`npm start`'s command) on one fresh database behind a round-robin
// proxy, as a deployment behind a load balancer runs, with the admin use cases opened on the same
// database and a first-party client registered: the setting of the multi-process tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { RELYING_PARTY_SCOPES } from '../../src/usecases/admin/client-metadata.ts';
import { registerClient } from '../../src/usecases/admin/register-client.ts';
import { openAdminOn, type AdminOnDatabase } from './admin-on-database.ts';
import { testBackend, testDatabaseUri, uniqueName } from './backends.ts';
import { generateSecrets, startProvider, type ProviderProcess } from './provider-process.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.ts';
import { freePort, type TestClient } from './server.ts';

export interface ProcessPair {
  /** The proxy's URL: the issuer both processes are configured with. */
  readonly issuer: string;
  readonly providers: readonly [ProviderProcess, ProviderProcess];
  readonly proxy: RoundRobinProxy;
  readonly database: AdminOnDatabase;
  readonly client: TestClient;
  close(): Promise<void>;
}

const REDIRECT_URI = 'http://127.0.0.1:9999/callback';

/** `env` is added to each process's environment (settings as PINGATE_* variables). */
export async function startProcessPair(name: string, env: Record<string, string> = {}, log?: (line: string) => void): Promise<ProcessPair> {
  const backend = testBackend();
  const secrets = generateSecrets();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `pingate-${name}-`));
  const ports = [await freePort(), await freePort()] as const;
  const proxy = await startRoundRobinProxy(ports);
  const common: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'test',
    PINGATE_ISSUER: proxy.url,
    PINGATE_DATA_DIR: dataDir,
    ...(backend === 'mongodb' ? { MONGODB_URI: testDatabaseUri(uniqueName(`pingate_${name}_`)) } : {}),
    ...secrets.env,
    ...env,
  };
  const started: ProviderProcess[] = [];
  let database: AdminOnDatabase | undefined;
  const close = async () => {
    await database?.close();
    await Promise.all(started.map((provider) => provider.stop()));
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The schema is created by the first process; the second opens the same file or database.
    started.push(await startProvider({ ...common, PORT: String(ports[0]) }, log));
    started.push(await startProvider({ ...common, PORT: String(ports[1]) }, log));
    database = await openAdminOn(loadConfig({ env: common }), secrets.secrets);
    const clientId = uniqueName('client-');
    const metadata = await registerClient(database.admin, {
      clientId,
      name: `Process pair (${name})`,
      redirectUris: [REDIRECT_URI],
      firstParty: true,
      secret: `a-client-secret-for-the-${name}-test`,
      scopes: RELYING_PARTY_SCOPES,
    });
    const client = { clientId, clientSecret: metadata.client_secret, redirectUri: REDIRECT_URI };
    return { issuer: proxy.url, providers: started as unknown as [ProviderProcess, ProviderProcess], proxy, database, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
