// Environment variables that override configuration files, with one naming scheme for every key:
// PINGATE_ followed by the key's path in upper snake case (server.port -> PINGATE_SERVER_PORT,
// oidc.ttl.accessToken -> PINGATE_OIDC_TTL_ACCESS_TOKEN). The table is derived from the schema,
// so a new key gets its variable without anyone writing it down; the value is parsed by the
// key's type (numbers, true/false, JSON for lists and maps). A few conventional names are kept
// as aliases (PORT, MONGODB_URI, SMTP_*). An unknown PINGATE_* variable is refused, like an
// unknown key.
import type { z } from 'zod';
import { configSchema } from './schema.ts';

export interface EnvOverride {
  readonly path: readonly string[];
  readonly parse: (raw: string) => unknown;
}

type Parser = (raw: string) => unknown;

const text: Parser = (raw) => raw;
const number: Parser = (raw) => (/^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw);
const bool: Parser = (raw) => (raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw);
const json: Parser = (raw) => {
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // the schema then names the key and what it expects
  }
};
/** A list as JSON, or as comma-separated words. */
const list: Parser = (raw) => (raw.trim().startsWith('[') ? json(raw) : raw.split(',').map((item) => item.trim()).filter(Boolean));
const orNull = (parse: Parser): Parser => (raw) => (raw === '' || raw === 'null' ? null : parse(raw));

/** camelCase -> CAMEL_CASE */
const upperSnake = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export const variableName = (path: readonly string[]): string => `PINGATE_${path.map(upperSnake).join('_')}`;

function parserFor(schema: z.ZodType): Parser {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; options?: z.ZodType[] } } })._zod.def;
  switch (def.type) {
    case 'string':
    case 'enum':
      return text;
    case 'number':
      return number;
    case 'boolean':
      return bool;
    case 'nullable':
      return orNull(parserFor(def.innerType!));
    case 'union':
      return def.options!.every((option) => (option as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'literal') ? number : json;
    case 'array':
      return list;
    default:
      return json;
  }
}

function derive(schema: z.ZodType, path: readonly string[], out: Record<string, EnvOverride>): void {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType> } } })._zod.def;
  if (def.type === 'object' && def.shape) {
    for (const [key, child] of Object.entries(def.shape)) derive(child, [...path, key], out);
    return;
  }
  out[variableName(path)] = { path, parse: parserFor(schema) };
}

/** PINGATE_<KEY_PATH> for every configuration key. */
export const envOverrides: Readonly<Record<string, EnvOverride>> = (() => {
  const out: Record<string, EnvOverride> = {};
  derive(configSchema, [], out);
  return out;
})();

/** Older or conventional names, applied before the PINGATE_<KEY_PATH> names (which win). */
export const envAliases: Readonly<Record<string, string>> = {
  PORT: 'PINGATE_SERVER_PORT',
  LOG_LEVEL: 'PINGATE_LOGGING_LEVEL',
  MONGODB_URI: 'PINGATE_DATABASE_URI',
  PINGATE_HOST: 'PINGATE_SERVER_HOST',
  PINGATE_TRUST_PROXY: 'PINGATE_SERVER_TRUST_PROXY',
  PINGATE_GENERATE_SECRETS: 'PINGATE_SECRETS_GENERATE_MISSING',
  PINGATE_LOG_LEVEL: 'PINGATE_LOGGING_LEVEL',
  PINGATE_PIN_PROCESSING_ORDER: 'PINGATE_SIGNIN_PIN_PROCESSING_ORDER',
  PINGATE_PASSCODE_FIELD: 'PINGATE_SIGNIN_PASSCODE_FIELD',
  PINGATE_DEMO: 'PINGATE_DEMO_ENABLED',
  SMTP_HOST: 'PINGATE_SMTP_HOST',
  SMTP_PORT: 'PINGATE_SMTP_PORT',
  SMTP_SECURE: 'PINGATE_SMTP_SECURE',
  SMTP_REQUIRE_TLS: 'PINGATE_SMTP_REQUIRE_TLS',
  SMTP_USER: 'PINGATE_SMTP_USER',
  SMTP_FROM: 'PINGATE_SMTP_FROM',
};

/** Variables read elsewhere (secrets, file locations): allowed, but not configuration keys. */
export const otherPingateVariables: ReadonlySet<string> = new Set([
  'PINGATE_CONFIG',
  'PINGATE_SECRET_KEY',
  'PINGATE_SECRET_KEY_PREVIOUS',
  'PINGATE_COOKIE_KEYS',
  'PINGATE_JWKS',
  'PINGATE_JWKS_FILE',
  'PINGATE_METRICS_TOKEN',
  'PINGATE_TEST_MONGODB_URI',
  'PINGATE_TEST_BACKEND',
  'SMTP_PASSWORD',
]);
