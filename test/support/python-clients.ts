// Python clients of the privacyIDEA API, from PyPI, in a virtual environment under .cache/ made
// on first use (python3 -m venv, pip install of the pinned requirements); made again when the
// requirements change.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config/load.ts';

const requirements = path.join(projectRoot, 'test/clients/privacyidea/requirements.txt');
const venv = path.join(projectRoot, '.cache/python-clients');

/** The venv's python, with the requirements installed. */
export function pythonWithClients(): string {
  const python = path.join(venv, 'bin/python');
  const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const marker = path.join(venv, '.requirements-sha256');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted && existsSync(python)) return python;
  rmSync(venv, { recursive: true, force: true });
  execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], { stdio: 'inherit', timeout: 600_000 });
  writeFileSync(marker, wanted);
  return python;
}

export const clientScript = (name: string): string => path.join(projectRoot, 'test/clients/privacyidea', name);
