// Pingate's version, from package.json: shown by `pingate --version` and in the validate API's answers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './load.ts';

export const PINGATE_VERSION: string =
  (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
