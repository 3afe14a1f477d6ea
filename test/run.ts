// `npm test`: typecheck, then run the tests on both storage backends.
//   1. Every test file on the embedded default, SQLite (each test server gets its own file); the
//      contract suites (test/contract) run there against SQLite and MongoDB both.
//   2. The suites that prove the provider's guarantees (OIDC flows, races, lockout, emailed
//      codes, two processes) again with the MongoDB adapters.
// MongoDB is FerretDB 1.24 (tools/ferretdb, built with Go on first use) started here in a
// temporary folder, or a real MongoDB named by PINGATE_TEST_MONGODB_URI.
// PINGATE_TEST_BACKEND=sqlite runs step 1 on SQLite only (no Go needed); =mongodb runs the
// given files (or every file) on MongoDB. `npm test -- <files>` runs just those files.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/config/load.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/storage/embedded/ferretdb.ts';

const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name);
const files = process.argv.slice(2);
const everything = ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'];
/** The suites whose guarantees must hold on MongoDB as well (step 2). */
const onMongoDbToo = [
  'test/integration/authorization-code-flow.test.ts',
  'test/integration/signin-failures.test.ts',
  'test/integration/lockout.test.ts',
  'test/integration/new-pin-mode.test.ts',
  'test/integration/email-token.test.ts',
  'test/integration/processes.test.ts',
  'test/integration/graceful-shutdown.test.ts',
  'test/integration/metrics.test.ts',
  'test/integration/signing-keys.test.ts',
  'test/integration/secrets-reseal.test.ts',
  'test/integration/session-reuse.test.ts',
  'test/integration/logout.test.ts',
  'test/integration/device-flow.test.ts',
  'test/integration/my-sessions.test.ts',
  'test/integration/client-lifecycle.test.ts',
  'test/integration/token-removal.test.ts',
  'test/integration/typed-username.test.ts',
  'test/integration/validate-api.test.ts',
  'test/integration/my-tokens.test.ts',
  'test/integration/console-sessions.test.ts',
];
const only = process.env.PINGATE_TEST_BACKEND;
if (only !== undefined && only !== 'sqlite' && only !== 'mongodb') {
  process.stderr.write(`PINGATE_TEST_BACKEND must be sqlite or mongodb, not ${only}\n`);
  process.exit(2);
}

const typecheck = spawnSync(bin('tsc'), ['--noEmit', '-p', '.'], { cwd: projectRoot, stdio: 'inherit' });
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);

let database: EmbeddedDatabase | undefined;
let dataDir: string | undefined;
let mongodbUri = process.env.PINGATE_TEST_MONGODB_URI;
if (!mongodbUri && only !== 'sqlite') {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-test-db-'));
  database = await startEmbeddedDatabase(dataDir, 0, { durable: false });
  mongodbUri = database.uri;
  process.stdout.write(`MongoDB for the tests: embedded FerretDB at ${mongodbUri}\n`);
}

function run(backend: 'sqlite' | 'mongodb', patterns: readonly string[]): Promise<number> {
  process.stdout.write(`\n=== ${patterns.length === 1 ? patterns[0] : `${patterns.length} test groups`} on ${backend === 'sqlite' ? 'SQLite' : 'MongoDB'}\n`);
  // The Keycloak tests share one Keycloak (minutes to start): one process for all their files.
  const isolation = patterns.every((p) => p.startsWith('test/keycloak/')) ? ['--test-isolation=none'] : [];
  const child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...isolation, ...patterns], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PINGATE_TEST_BACKEND: backend,
      ...(mongodbUri ? { PINGATE_TEST_MONGODB_URI: mongodbUri } : {}),
    },
  });
  return new Promise<number>((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
}

let code: number;
if (only === 'mongodb') code = await run('mongodb', files.length > 0 ? files : everything);
else {
  code = await run('sqlite', files.length > 0 ? files : everything);
  if (only === undefined && files.length === 0) code = (await run('mongodb', onMongoDbToo)) || code;
}
await database?.stop();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
