// `npm test`: typecheck, start the database the tests need (the embedded FerretDB, or the
// MongoDB named by PINGATE_TEST_MONGODB_URI), then run every test file with node:test.
// Each test file starts its own provider (and SMTP server) in-process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/config/load.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/storage/embedded/ferretdb.ts';

const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const patterns = args.length > 0 ? args : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'];

const typecheck = spawnSync(bin('tsc'), ['--noEmit', '-p', '.'], { cwd: projectRoot, stdio: 'inherit' });
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);

let database: EmbeddedDatabase | undefined;
let dataDir: string | undefined;
let uri = process.env.PINGATE_TEST_MONGODB_URI;
if (!uri) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-test-db-'));
  database = await startEmbeddedDatabase(dataDir, 0, { durable: false });
  uri = database.uri;
  process.stdout.write(`test database: embedded FerretDB at ${uri}\n`);
}

const child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...patterns], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, PINGATE_TEST_MONGODB_URI: uri, NODE_ENV: 'test' },
});
const code = await new Promise<number>((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await database?.stop();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
