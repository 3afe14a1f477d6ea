// Reads configuration once at start: config/default.json, then config/<NODE_ENV>.json when it
// exists, then the file named by PINGATE_CONFIG, then environment variables, then overrides
// given by the caller (tests). The result is validated by one schema and frozen. A relative
// dataDir is resolved against the project's folder, not the working directory, so the server
// and `npx pingate` run from anywhere with the same environment reach the same database.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema, type Config } from './schema.ts';
import { envAliases, envOverrides, otherPingateVariables } from './env-overrides.ts';

export class ConfigError extends Error {
  readonly code = 'invalid_configuration' as const;
}

type Json = Record<string, unknown>;

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface LoadConfigOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly configDir?: string;
  /** Deep-merged last; used by tests and the dev command. */
  readonly overrides?: DeepPartial<Config>;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const configDir = options.configDir ?? path.join(projectRoot, 'config');

  let merged: Json = readJson(path.join(configDir, 'default.json'));
  const profile = env.NODE_ENV ? path.join(configDir, `${env.NODE_ENV}.json`) : undefined;
  if (profile && existsSync(profile)) merged = deepMerge(merged, readJson(profile));
  if (env.PINGATE_CONFIG) merged = deepMerge(merged, readJson(path.resolve(env.PINGATE_CONFIG)));
  merged = deepMerge(merged, fromEnvironment(env));
  if (options.overrides) merged = deepMerge(merged, options.overrides as Json);

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      return issue.code === 'unrecognized_keys'
        ? `unknown key ${issue.keys.map((k) => (key === '(root)' ? k : `${key}.${k}`)).join(', ')}`
        : `${key}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return deepFreeze({ ...result.data, dataDir: path.resolve(projectRoot, result.data.dataDir) });
}

function fromEnvironment(env: NodeJS.ProcessEnv): Json {
  const out: Json = {};
  const apply = (name: string, raw: string) => setPath(out, envOverrides[name]!.path, envOverrides[name]!.parse(raw));
  for (const [alias, name] of Object.entries(envAliases)) {
    const raw = env[alias];
    if (raw !== undefined) apply(name, raw);
  }
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || name in envAliases) continue;
    if (envOverrides[name]) apply(name, raw);
    else if (name.startsWith('PINGATE_') && !otherPingateVariables.has(name)) {
      throw new ConfigError(`unknown environment variable ${name} (configuration keys are PINGATE_<KEY_PATH>, e.g. PINGATE_SERVER_PORT; see docs/configuration.md)`);
    }
  }
  return out;
}

function readJson(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read configuration file ${file}: ${(error as Error).message}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!isPlainObject(value)) throw new Error('the top level must be an object');
    return value;
  } catch (error) {
    throw new ConfigError(`configuration file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function setPath(target: Json, keys: readonly string[], value: unknown): void {
  let node = target;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) node[key] = value;
    else node = (node[key] ??= {}) as Json;
  });
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge(base: Json, extra: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
