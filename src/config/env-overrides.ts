// The environment variables that override configuration files. Kept as an explicit table
// so each one is documented and an unknown PINGATE_* variable is refused, like an unknown key.

export interface EnvOverride {
  readonly path: readonly string[];
  readonly parse: (raw: string) => unknown;
}

const text = (raw: string): string => raw;
const integer = (raw: string): number => (/^-?\d+$/.test(raw) ? Number(raw) : Number.NaN);
const bool = (raw: string): boolean | string =>
  raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;

export const envOverrides: Readonly<Record<string, EnvOverride>> = {
  PINGATE_ISSUER: { path: ['issuer'], parse: text },
  PORT: { path: ['server', 'port'], parse: integer },
  PINGATE_HOST: { path: ['server', 'host'], parse: text },
  PINGATE_TRUST_PROXY: { path: ['server', 'trustProxy'], parse: bool },
  MONGODB_URI: { path: ['database', 'uri'], parse: text },
  PINGATE_DATA_DIR: { path: ['dataDir'], parse: text },
  PINGATE_GENERATE_SECRETS: { path: ['secrets', 'generateMissing'], parse: bool },
  PINGATE_LOG_LEVEL: { path: ['logging', 'level'], parse: text },
  PINGATE_PIN_PROCESSING_ORDER: { path: ['signin', 'pinProcessingOrder'], parse: text },
  PINGATE_PASSCODE_FIELD: { path: ['signin', 'passcodeField'], parse: text },
  PINGATE_DEMO: { path: ['demo', 'enabled'], parse: bool },
  SMTP_HOST: { path: ['smtp', 'host'], parse: text },
  SMTP_PORT: { path: ['smtp', 'port'], parse: integer },
  SMTP_SECURE: { path: ['smtp', 'secure'], parse: bool },
  SMTP_REQUIRE_TLS: { path: ['smtp', 'requireTLS'], parse: bool },
  SMTP_USER: { path: ['smtp', 'user'], parse: text },
  SMTP_FROM: { path: ['smtp', 'from'], parse: text },
};

/** Variables read elsewhere (secrets, file locations): allowed, but not configuration keys. */
export const otherPingateVariables: ReadonlySet<string> = new Set([
  'PINGATE_CONFIG',
  'PINGATE_SECRET_KEY',
  'PINGATE_COOKIE_KEYS',
  'PINGATE_JWKS',
  'PINGATE_JWKS_FILE',
  'PINGATE_TEST_MONGODB_URI',
  'SMTP_PASSWORD',
]);
