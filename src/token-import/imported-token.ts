// What a token file reader gives back: one ImportedToken per token the file names, importable
// (a TOTP secret with its parameters) or listed with the reason it is skipped, and the error for
// a file that cannot be read at all. Shared by the PSKC reader (pskc.ts) and the privacyIDEA
// export reader (privacyidea-export.ts); `pingate token import` consumes it.

export interface ImportedToken {
  /** The vendor's serial (PSKC <DeviceInfo><SerialNo>, or the Key Id when absent); kept so the helpdesk finds the token by the number printed on it. */
  readonly serial: string;
  /** The owner's username as the file names it (PSKC <UserId> in the Key or the KeyPackage/DeviceInfo; privacyIDEA's user), or undefined when the file names none. */
  readonly username: string | undefined;
  /** Only TOTP tokens can be imported; anything else is listed with the reason it is skipped. */
  readonly kind: 'totp' | 'unsupported';
  /** Why it cannot be imported (set when kind is 'unsupported', or the secret could not be decrypted/verified). A short English phrase, e.g. 'HOTP (counter-based) tokens are not supported: Pingate takes time-based (TOTP) tokens only'. */
  readonly problem?: string;
  /** The decrypted secret as raw bytes (absent when there is a problem). */
  readonly secret?: Buffer;
  readonly algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
  readonly digits?: number; // the file's value; the consumer checks 6|8
  readonly period?: number; // seconds; PSKC <TimeInterval>, default 30
}

export type TokenFileErrorCode = 'malformed' | 'password_required' | 'wrong_key' | 'unsupported_encryption';

/**
 * A file that cannot be read at all: not XML, not PSKC, wrong password (MAC mismatch on every
 * key), missing password for an encrypted file, an unknown encryption algorithm. A problem with
 * one token is not an error: that token is listed with its `problem`.
 */
export class TokenFileError extends Error {
  readonly code: TokenFileErrorCode;

  constructor(message: string, code: TokenFileErrorCode) {
    super(message);
    this.name = 'TokenFileError';
    this.code = code;
  }
}

/** The same words for an HOTP token whichever file names it, so a dry run reads alike. */
export const hotpNotSupported = 'HOTP (counter-based) tokens are not supported: Pingate takes time-based (TOTP) tokens only';

/** A token of another kind than TOTP or HOTP, named as the file names it. */
export const kindNotSupported = (kind: string): string =>
  `${kind} tokens are not supported: Pingate takes time-based (TOTP) tokens only`;

/** A token file is read whole into memory; anything larger is not a token file. */
export const maxTokenFileBytes = 10 * 1024 * 1024;

/** Refuses a text over maxTokenFileBytes before any parsing. */
export function checkTokenFileSize(text: string): void {
  if (text.length > maxTokenFileBytes || Buffer.byteLength(text, 'utf8') > maxTokenFileBytes) {
    throw new TokenFileError('the file is larger than 10 MB', 'malformed');
  }
}
