// Loads the provider's secrets: ID-token signing keys (JWKS), cookie signing keys and the key
// that seals token secrets. They come from the environment (or files it names); for local
// development they are generated once into <dataDir>/keys when secrets.generateMissing is on.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { ConfigError } from '../config/load.ts';

export interface Secrets {
  /** Private signing keys, RS256 and ES256, each with a unique kid. */
  readonly jwks: { readonly keys: readonly JWK[] };
  readonly cookieKeys: readonly string[];
  /** 32 bytes for AES-256-GCM. */
  readonly secretKey: Buffer;
  /** Earlier secret keys (PINGATE_SECRET_KEY_PREVIOUS): they only open values sealed before the
   * key changed, until `pingate secrets reseal` has sealed them again. */
  readonly previousSecretKeys?: readonly Buffer[];
}

interface SecretsOptions {
  readonly dataDir: string;
  readonly generateMissing: boolean;
  readonly env: NodeJS.ProcessEnv;
}

export async function loadSecrets({ dataDir, generateMissing, env }: SecretsOptions): Promise<Secrets> {
  const keyDir = path.resolve(dataDir, 'keys');
  const generated = path.join(keyDir, 'secrets.json');
  const stored = existsSync(generated) ? (JSON.parse(readFileSync(generated, 'utf8')) as Partial<StoredSecrets>) : {};
  let changed = false;

  const need = (variable: string): never => {
    throw new ConfigError(`${variable} is not set (and secrets.generateMissing is off): see docs/configuration.md`);
  };

  let jwks: { keys: JWK[] };
  if (env.PINGATE_JWKS) jwks = parseJwks(env.PINGATE_JWKS, 'PINGATE_JWKS');
  else if (env.PINGATE_JWKS_FILE) jwks = parseJwks(readFileSync(env.PINGATE_JWKS_FILE, 'utf8'), env.PINGATE_JWKS_FILE);
  else if (stored.jwks) jwks = stored.jwks;
  else if (generateMissing) {
    // ES256 first: the default ID-token algorithm (oidc.idTokenSigningAlg).
    jwks = { keys: [await newSigningJwk('ES256'), await newSigningJwk('RS256')] };
    stored.jwks = jwks;
    changed = true;
  } else jwks = need('PINGATE_JWKS or PINGATE_JWKS_FILE');

  let cookieKeys: string[];
  if (env.PINGATE_COOKIE_KEYS) cookieKeys = env.PINGATE_COOKIE_KEYS.split(',').map((k) => k.trim()).filter(Boolean);
  else if (stored.cookieKeys) cookieKeys = stored.cookieKeys;
  else if (generateMissing) {
    cookieKeys = [randomBytes(32).toString('base64url')];
    stored.cookieKeys = cookieKeys;
    changed = true;
  } else cookieKeys = need('PINGATE_COOKIE_KEYS');
  if (cookieKeys.length === 0 || cookieKeys.some((k) => k.length < 16)) {
    throw new ConfigError('PINGATE_COOKIE_KEYS: each cookie key must be at least 16 characters');
  }

  let secretKeyText: string;
  if (env.PINGATE_SECRET_KEY) secretKeyText = env.PINGATE_SECRET_KEY;
  else if (stored.secretKey) secretKeyText = stored.secretKey;
  else if (generateMissing) {
    secretKeyText = randomBytes(32).toString('base64');
    stored.secretKey = secretKeyText;
    changed = true;
  } else secretKeyText = need('PINGATE_SECRET_KEY');
  const secretKey = Buffer.from(secretKeyText, 'base64');
  if (secretKey.length !== 32) throw new ConfigError('PINGATE_SECRET_KEY must be the base64 of exactly 32 bytes');
  const previousSecretKeys = (env.PINGATE_SECRET_KEY_PREVIOUS ?? '').split(',').map((text) => text.trim()).filter(Boolean).map((text) => Buffer.from(text, 'base64'));
  if (previousSecretKeys.some((key) => key.length !== 32)) throw new ConfigError('PINGATE_SECRET_KEY_PREVIOUS: each key must be the base64 of exactly 32 bytes (comma-separated)');

  if (changed) {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    writeFileSync(generated, JSON.stringify(stored, null, 2), { mode: 0o600 });
    chmodSync(generated, 0o600);
  }
  return { jwks, cookieKeys, secretKey, previousSecretKeys };
}

interface StoredSecrets {
  jwks: { keys: JWK[] };
  cookieKeys: string[];
  secretKey: string;
}

/** A new ID-token signing key: ES256 on P-256, or RS256 at 3072 bits (NIST's 128-bit level).
 * Its kid names the algorithm before the thumbprint, so it never starts with "-" (which a command
 * line would read as an option) and says what it is in a list. */
export async function newSigningJwk(alg: 'RS256' | 'ES256'): Promise<JWK> {
  const { privateKey } = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 3072 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = await signingJwk(privateKey, alg);
  return { ...jwk, kid: `${alg.toLowerCase()}-${jwk.kid}` };
}

async function signingJwk(privateKey: KeyObject, alg: 'RS256' | 'ES256'): Promise<JWK> {
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
}

function parseJwks(text: string, source: string): { keys: JWK[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`${source} is not valid JSON`);
  }
  const keys = (value as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigError(`${source} must be a JWKS: { "keys": [ ... ] }`);
  for (const key of keys as JWK[]) {
    if (!key.kid || !key.d) throw new ConfigError(`${source}: every key needs a kid and its private part`);
  }
  return { keys: keys as JWK[] };
}
