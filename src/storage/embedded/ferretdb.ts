// Starts FerretDB (tools/ferretdb: FerretDB 1.24 on SQLite behind a serialising proxy) as a
// child process, building it with Go on first use: the MongoDB-wire server the tests (and the
// bench) run the MongoDB adapters against. Nothing a user runs depends on it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../../config/load.ts';

export const ferretdbBinary = path.join(projectRoot, '.cache', 'bin', 'pingate-ferretdb');
const sourceDir = path.join(projectRoot, 'tools', 'ferretdb');

export interface EmbeddedDatabase {
  readonly uri: string;
  stop(): Promise<void>;
}

/** Builds the launcher when it is missing or older than its source. */
export function buildFerretdb(): void {
  const source = path.join(sourceDir, 'main.go');
  if (existsSync(ferretdbBinary) && statSync(ferretdbBinary).mtimeMs >= statSync(source).mtimeMs) return;
  process.stderr.write('building FerretDB for the MongoDB tests (tools/ferretdb, first run only; needs Go)...\n');
  const result = spawnSync('go', ['build', '-o', ferretdbBinary, '.'], { cwd: sourceDir, stdio: 'inherit' });
  if (result.error) throw new Error(`the MongoDB tests need Go to build FerretDB (${result.error.message}); PINGATE_TEST_BACKEND=sqlite runs the tests without them`);
  if (result.status !== 0) throw new Error(`go build of tools/ferretdb failed (exit ${result.status ?? result.signal})`);
}

/** `durable: false` (tests) skips fsync entirely; the default keeps SQLite's WAL safe. */
export async function startEmbeddedDatabase(dataDir: string, port: number, { durable = true } = {}): Promise<EmbeddedDatabase> {
  buildFerretdb();
  const child = spawn(ferretdbBinary, ['-listen', `127.0.0.1:${port}`, '-dir', dataDir, '-sync', durable ? 'normal' : 'off'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('the embedded database did not start within 30 s')), 30_000);
    lines.on('line', (line) => {
      const match = /listening (mongodb:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the embedded database exited with code ${code} (is port ${port} free?)`));
    });
  });
  return { uri, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}
