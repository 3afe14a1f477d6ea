// The pino logger behind the Logger port. Field names that could carry a PIN, a code or a
// secret are redacted wherever they appear, as a second line of defence.
import pino from 'pino';
import type { Logger } from './usecases/logger.ts';

const SENSITIVE = ['pin', 'newPin', 'confirmPin', 'passcode', 'tokencode', 'code', 'secret', 'password', 'client_secret', 'csrf', 'authorization', 'cookie'];

export function createLogger(level: string): Logger & { readonly pino: pino.Logger } {
  const logger = pino({
    level,
    redact: { paths: [...SENSITIVE, ...SENSITIVE.map((f) => `*.${f}`)], censor: '[redacted]' },
    base: { service: 'pingate' },
  });
  return {
    pino: logger,
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
}
