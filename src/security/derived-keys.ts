// The keys Pingate uses, derived (HKDF-SHA256) from the one configured secret key, so no key
// serves two purposes: sealing secrets at rest, keying the hashes of one-time codes, and keying
// the hashes that token, code and session records are stored under.
import { hkdfSync } from 'node:crypto';

const derive = (secretKey: Buffer, label: string): Buffer => Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), label, 32));

export const sealingKey = (secretKey: Buffer): Buffer => derive(secretKey, 'pingate sealed secrets');
export const codeHashKey = (secretKey: Buffer): Buffer => derive(secretKey, 'pingate one-time codes');
export const artifactIdKey = (secretKey: Buffer): Buffer => derive(secretKey, 'pingate oidc record ids');
/** The secret of the built-in account console client: never sent anywhere (its codes are
 * consumed in-process), it only makes the client confidential, so its identity is assured. */
export const accountConsoleSecret = (secretKey: Buffer): string => derive(secretKey, 'pingate account console client').toString('base64url');
/** The same for the helpdesk and administrators' web console's client. */
export const adminConsoleSecret = (secretKey: Buffer): string => derive(secretKey, 'pingate admin console client').toString('base64url');
/** Keys the CSRF tokens of the web console's forms (HMAC of the console session's nonce). */
export const consoleCsrfKey = (secretKey: Buffer): Buffer => derive(secretKey, 'pingate admin console csrf');
