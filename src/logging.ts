// The pino logger behind the Logger port. Field names that could carry a PIN, a code or a
// secret are redacted wherever they appear, as a second line of defence. Every line written while
// a request is served carries its id, the client's address and the route (request-context.ts).
// JSON lines on stdout; `pretty` (npm run dev) prints them for people instead.
import pino from 'pino';
import { requestFields } from './request-context.ts';
import type { Logger } from './usecases/logger.ts';

const SENSITIVE = ['pin', 'newPin', 'confirmPin', 'passcode', 'tokencode', 'code', 'secret', 'password', 'client_secret', 'csrf', 'authorization', 'cookie'];

export interface LoggerOptions {
  readonly pretty?: boolean;
  /** Where the JSON lines go (stdout by default; the tests read them). */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(level: string, { pretty = false, destination }: LoggerOptions = {}): Logger & { readonly pino: pino.Logger; debug(fields: Record<string, unknown>, message: string): void } {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: [...SENSITIVE, ...SENSITIVE.map((f) => `*.${f}`)], censor: '[redacted]' },
    base: { service: 'pingate' },
    mixin: () => requestFields(),
    ...(pretty && !destination ? { transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } } : {}),
  };
  const logger = destination ? pino(options, destination) : pino(options);
  return {
    pino: logger,
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
}
