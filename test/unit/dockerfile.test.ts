// The production image holds every folder the provider reads at run time: each
// `path.join(projectRoot, '<folder>', ...)` in src/ must be copied by the Dockerfile (a missing
// locales/ once made the image unable to start). Folders only the tests and the embedded test
// database use (.cache, tools) are not needed in the image.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../src/config/load.ts';

const NOT_IN_IMAGE = new Set(['.cache', 'tools']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

test('the Dockerfile copies every folder and file of the project that src/ reads', () => {
  const read = new Set<string>();
  for (const file of sources(path.join(projectRoot, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/projectRoot, '([^']+)'/g)) read.add(match[1]!);
  }
  const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8');
  const copied = new Set([...dockerfile.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/)));
  copied.add('src');
  const missing = [...read].filter((name) => !NOT_IN_IMAGE.has(name) && !copied.has(name));
  assert.deepEqual(missing, [], 'read by src/ but not copied into the image');
  assert.ok(read.has('locales') && read.has('views'), 'the scan finds what src/ reads');
});

test('the image runs as an unprivileged user and checks its own liveness at /healthz', () => {
  const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8');
  const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
  assert.equal(users.at(-1), 'node');
  const healthcheck = /^HEALTHCHECK [^\n]*\\\n\s+CMD (.+)$/m.exec(dockerfile);
  assert.ok(healthcheck, 'a HEALTHCHECK instruction');
  const command = JSON.parse(healthcheck[1]!) as string[];
  assert.equal(command[0], 'node');
  assert.match(command[2]!, /\/healthz/);
});
