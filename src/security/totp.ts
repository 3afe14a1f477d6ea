// TOTP (RFC 6238) through otplib: generation of secrets and otpauth URIs, and verification
// at a given time with a window, reporting the matched time step for the replay guard.
import { generate, generateSecret, generateURI, ScureBase32Plugin, verify } from 'otplib';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpParameters {
  readonly algorithm: TotpAlgorithm;
  readonly digits: 6 | 8;
  readonly period: number;
}

/** `replayed`: the code is right, for a step at or before the last one accepted (a replay). */
export type TotpCheck = { readonly valid: true; readonly timeStep: number } | { readonly valid: false; readonly replayed?: boolean };

const toOtplib = (algorithm: TotpAlgorithm) =>
  algorithm === 'SHA1' ? 'sha1' : algorithm === 'SHA256' ? 'sha256' : 'sha512';

const base32 = new ScureBase32Plugin();

/** A secret's raw bytes (as token files carry them) in the base32 the rest of Pingate uses. */
export const base32Of = (bytes: Uint8Array): string => base32.encode(bytes);

/** 20 random bytes (160 bits, RFC 4226's recommendation), base32. */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** Base32 alphabet and at least 16 bytes (128 bits, RFC 4226's minimum) once decoded. */
export function isAcceptableTotpSecret(secret: string): boolean {
  const clean = secret.replace(/=+$/, '');
  return /^[A-Z2-7]+$/.test(clean) && Math.floor((clean.length * 5) / 8) >= 16;
}

export async function totpAt(secret: string, parameters: TotpParameters, at: Date): Promise<string> {
  return generate({
    secret,
    algorithm: toOtplib(parameters.algorithm),
    digits: parameters.digits,
    period: parameters.period,
    epoch: Math.floor(at.getTime() / 1000),
  });
}

/** Time steps accepted before the current one (a code typed just as it changed) and after it
 * (an authenticator whose clock runs ahead). Each step accepted keeps a code valid 30 s longer. */
export interface TotpWindow {
  readonly behind: number;
  readonly ahead: number;
}

/**
 * Checks `code` at time `at`, accepting the steps of `window` around the current one. `afterTimeStep` rejects a
 * step at or before the last accepted one, and says it was a replay (the database update is the
 * authoritative guard). One verification either way: a replay costs what a wrong code costs.
 */
export async function checkTotp(
  secret: string,
  code: string,
  parameters: TotpParameters,
  at: Date,
  window: TotpWindow,
  afterTimeStep: number | null,
): Promise<TotpCheck> {
  if (!/^[0-9]+$/.test(code) || code.length !== parameters.digits) return { valid: false };
  const result = await verify({
    secret,
    token: code,
    algorithm: toOtplib(parameters.algorithm),
    digits: parameters.digits,
    period: parameters.period,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: [window.behind * parameters.period, window.ahead * parameters.period],
  });
  if (!result.valid || !('timeStep' in result)) return { valid: false };
  if (afterTimeStep !== null && result.timeStep <= afterTimeStep) return { valid: false, replayed: true };
  return { valid: true, timeStep: result.timeStep };
}

export function otpauthUri(secret: string, parameters: TotpParameters, issuer: string, label: string): string {
  return generateURI({
    issuer,
    label,
    secret,
    algorithm: toOtplib(parameters.algorithm),
    digits: parameters.digits,
    period: parameters.period,
  });
}

/**
 * Finds the time step at which `first` and then `second` are consecutive codes, searching
 * `window` steps either side of `at` (a resync). null when no such pair exists.
 */
export async function findConsecutiveSteps(
  secret: string,
  first: string,
  second: string,
  parameters: TotpParameters,
  at: Date,
  window: number,
): Promise<number | null> {
  const current = Math.floor(at.getTime() / 1000 / parameters.period);
  const codeAt = (step: number) => totpAt(secret, parameters, new Date(step * parameters.period * 1000));
  for (let offset = 0; offset <= window; offset++) {
    for (const step of offset === 0 ? [current] : [current - offset, current + offset]) {
      if ((await codeAt(step)) === first && (await codeAt(step + 1)) === second) return step;
    }
  }
  return null;
}
