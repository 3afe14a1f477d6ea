// Reads a PSKC file (RFC 6030, Portable Symmetric Key Container), the format token vendors ship
// hardware tokens' secrets in and privacyIDEA's token janitor exports to, into ImportedTokens:
// one per <Key>, TOTP keys with their secret and parameters, anything else listed with the reason
// it is skipped. Secrets may be plain (<PlainValue>), or encrypted (section 6) with AES-CBC, the IV
// being the first 16 bytes of the CipherValue, under a pre-shared key (6.1) or a key derived from
// a password with PBKDF2 (6.2). An encrypted secret is trusted only once its <ValueMAC> (HMAC over
// the CipherValue with the file's MAC key, itself encrypted under the same key) verifies.
// Pure: text in, tokens out; no files, no database, no logging.
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { hotpNotSupported, TokenFileError, type ImportedToken } from './imported-token.ts';
import { attribute, decodeBase64, element, elements, nonEmpty, parseContainer, positiveInteger, text, type XmlNode } from './xml-nodes.ts';

/** What opens an encrypted file: its password (PBKDF2) or its pre-shared key (raw bytes). */
export interface PskcKey {
  readonly password?: string;
  readonly preSharedKey?: Buffer;
}

const totpUrn = 'urn:ietf:params:xml:ns:keyprov:pskc:totp';
const hotpUrn = 'urn:ietf:params:xml:ns:keyprov:pskc:hotp';
/** RFC 6238's default time step, and RFC 6030's when <TimeInterval> is absent. */
const defaultPeriod = 30;
/** A file names its own iteration count: bound the work one file can ask for. */
const maxPbkdf2Iterations = 10_000_000;

export function readPskc(xml: string, key: PskcKey = {}): ImportedToken[] {
  const container = parseContainer(xml);
  const entries = elements(container, 'keypackage').flatMap((keyPackage) =>
    elements(keyPackage, 'key').map((keyNode) => readKey(keyPackage, keyNode)),
  );
  const encrypted = entries.filter((entry) => entry.secret.form === 'encrypted');
  // A file whose encrypted keys are all of kinds Pingate skips is listed without its password.
  const outcomes = encrypted.some((entry) => importable(entry.token))
    ? openEncryptedSecrets(container, key, encrypted)
    : new Map<KeyEntry, Buffer | string>();
  return entries.map((entry) => finish(entry, outcomes));
}

// ---- One <Key>: who, what, and where its secret is

type SecretSource =
  | { readonly form: 'plain'; readonly bytes: Buffer }
  | { readonly form: 'encrypted'; readonly method: string | undefined; readonly cipherValue: Buffer; readonly mac: Buffer | undefined }
  | { readonly form: 'missing'; readonly problem: string };

interface KeyEntry {
  /** The token without its secret; `problem` set when it is skipped whatever the secret. */
  readonly token: ImportedToken;
  readonly secret: SecretSource;
}

const importable = (token: ImportedToken) => token.kind === 'totp' && token.problem === undefined;

function readKey(keyPackage: XmlNode, keyNode: XmlNode): KeyEntry {
  const serial = nonEmpty(text(element(keyPackage, 'deviceinfo', 'serialno'))) ?? nonEmpty(attribute(keyNode, 'id')) ?? '';
  const username = nonEmpty(text(element(keyNode, 'userid'))) ?? nonEmpty(text(element(keyPackage, 'deviceinfo', 'userid')));
  const secret = readSecret(keyNode);
  const notTotp = whyNotTotp(attribute(keyNode, 'algorithm'));
  if (notTotp !== undefined) return { token: { serial, username, kind: 'unsupported', problem: notTotp }, secret };
  const parameters = readTotpParameters(keyNode);
  if ('problem' in parameters) return { token: { serial, username, kind: 'unsupported', problem: parameters.problem }, secret };
  return { token: { serial, username, kind: 'totp', ...parameters }, secret };
}

function whyNotTotp(algorithm: string | undefined): string | undefined {
  if (algorithm === undefined) return 'the key names no algorithm';
  const urn = algorithm.trim().toLowerCase();
  if (urn === totpUrn) return undefined;
  if (urn === hotpUrn) return hotpNotSupported;
  return `the algorithm ${algorithm} is not supported: Pingate takes time-based (TOTP) tokens only`;
}

type TotpParameters = Required<Pick<ImportedToken, 'algorithm' | 'digits' | 'period'>>;

function readTotpParameters(keyNode: XmlNode): TotpParameters | { problem: string } {
  const parameters = element(keyNode, 'algorithmparameters');
  const format = element(parameters, 'responseformat');
  const length = attribute(format, 'length');
  // Guessing the code length would make every code of the token fail at sign-in.
  if (length === undefined) return { problem: 'the file does not give the code length (<ResponseFormat Length>)' };
  const digits = positiveInteger(length);
  if (digits === undefined) return { problem: `the code length "${length}" is not a number` };
  const encoding = attribute(format, 'encoding');
  if (encoding !== undefined && encoding.toUpperCase() !== 'DECIMAL') {
    return { problem: `codes in ${encoding} encoding are not supported: Pingate takes decimal codes` };
  }
  const algorithm = readHash(element(parameters, 'suite') ?? element(keyNode, 'suite'));
  if (typeof algorithm !== 'string') return algorithm;
  const period = readPeriod(element(keyNode, 'data', 'timeinterval'));
  if (typeof period !== 'number') return period;
  return { algorithm, digits, period };
}

/**
 * The hash of a TOTP key: <Suite>'s text (e.g. "HMAC-SHA256"), or privacyIDEA's export's
 * `hashalgo` attribute (`<Suite hashalgo="sha256"/>`), or a `suite` attribute; SHA1 when absent
 * (RFC 6238's default).
 */
function readHash(suite: XmlNode | undefined): TotpParameters['algorithm'] | { problem: string } {
  const named = nonEmpty(text(suite)) ?? nonEmpty(attribute(suite, 'hashalgo')) ?? nonEmpty(attribute(suite, 'suite'));
  if (named === undefined) return 'SHA1';
  const match = /^(?:HMAC)?SHA(1|256|512)$/.exec(named.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  if (match === null) return { problem: `the hash function ${named} is not supported: Pingate takes SHA1, SHA256 or SHA512` };
  return `SHA${match[1]}` as TotpParameters['algorithm'];
}

function readPeriod(timeInterval: XmlNode | undefined): number | { problem: string } {
  if (timeInterval === undefined) return defaultPeriod;
  const value = text(element(timeInterval, 'plainvalue'));
  if (value === undefined) return { problem: 'the time interval is not given as a plain value' };
  return positiveInteger(value) ?? { problem: `the time interval "${value}" is not a number of seconds` };
}

function readSecret(keyNode: XmlNode): SecretSource {
  const secret = element(keyNode, 'data', 'secret');
  const plain = element(secret, 'plainvalue');
  if (plain !== undefined) {
    const bytes = decodeBase64(text(plain));
    return bytes === undefined || bytes.length === 0 ? missing('the secret is not valid base64') : { form: 'plain', bytes };
  }
  const encrypted = element(secret, 'encryptedvalue');
  if (encrypted === undefined) return missing('the file carries no secret for this key');
  const cipherValue = decodeBase64(text(element(encrypted, 'cipherdata', 'ciphervalue')));
  if (cipherValue === undefined) return missing('the encrypted secret has no valid <CipherValue>');
  const macText = text(element(secret, 'valuemac'));
  const mac = macText === undefined ? undefined : decodeBase64(macText);
  if (macText !== undefined && mac === undefined) return missing('the secret\'s <ValueMAC> is not valid base64');
  return { form: 'encrypted', method: attribute(element(encrypted, 'encryptionmethod'), 'algorithm'), cipherValue, mac };
}

const missing = (problem: string): SecretSource => ({ form: 'missing', problem });

function finish(entry: KeyEntry, outcomes: ReadonlyMap<KeyEntry, Buffer | string>): ImportedToken {
  if (!importable(entry.token)) return entry.token;
  const source = entry.secret;
  if (source.form === 'missing') return { ...entry.token, problem: source.problem };
  const secret = source.form === 'plain' ? source.bytes : outcomes.get(entry);
  if (secret === undefined) return { ...entry.token, problem: 'the secret could not be decrypted' };
  if (typeof secret === 'string') return { ...entry.token, problem: secret };
  if (secret.length === 0) return { ...entry.token, problem: 'the secret is empty' };
  return { ...entry.token, secret };
}

// ---- Encrypted secrets (RFC 6030 section 6)

interface FileDecryption {
  macMatches(cipherValue: Buffer, mac: Buffer): boolean;
  decrypt(method: string | undefined, cipherValue: Buffer): Buffer | undefined;
}

/**
 * Checks every encrypted secret's MAC and decrypts the importable ones: each entry gets its
 * secret or the reason it has none. When no secret with a MAC verifies, the password or key is
 * wrong (or the whole file was altered): the file cannot be read.
 */
function openEncryptedSecrets(container: XmlNode, key: PskcKey, entries: readonly KeyEntry[]): Map<KeyEntry, Buffer | string> {
  const decryption = openFileDecryption(container, key);
  const outcomes = new Map<KeyEntry, Buffer | string>();
  let checked = 0;
  let matched = 0;
  for (const entry of entries) {
    if (entry.secret.form !== 'encrypted') continue;
    const { method, cipherValue, mac } = entry.secret;
    if (mac === undefined) {
      outcomes.set(entry, 'the encrypted secret has no <ValueMAC>, so its decryption cannot be checked');
      continue;
    }
    checked++;
    if (!decryption.macMatches(cipherValue, mac)) {
      outcomes.set(entry, 'the secret\'s MAC does not match: the file was altered, or the password or key is wrong');
      continue;
    }
    matched++;
    if (!importable(entry.token)) continue;
    outcomes.set(entry, decryption.decrypt(method, cipherValue) ?? 'the secret could not be decrypted');
  }
  if (checked > 0 && matched === 0) {
    throw new TokenFileError('wrong password or key: no secret in the file verifies (MAC mismatch)', 'wrong_key');
  }
  return outcomes;
}

/** The file's key (given, or derived from the password) and its MAC key, decrypted with it. */
function openFileDecryption(container: XmlNode, given: PskcKey): FileDecryption {
  const encryptionKey = element(container, 'encryptionkey');
  const derived = element(encryptionKey, 'derivedkey');
  if (element(encryptionKey, 'x509data') !== undefined) {
    throw new TokenFileError('secrets encrypted to a certificate (asymmetric keys) are not supported', 'unsupported_encryption');
  }
  if (derived !== undefined && given.password === undefined) {
    throw new TokenFileError('the file\'s secrets are encrypted with a password: give the password', 'password_required');
  }
  if (derived === undefined && given.preSharedKey === undefined) {
    throw new TokenFileError('the file\'s secrets are encrypted with a pre-shared key: give the key', 'password_required');
  }
  const macMethod = element(container, 'macmethod');
  if (macMethod === undefined) {
    throw new TokenFileError('the encrypted secrets carry no <MACMethod> (an early draft of RFC 6030), so a decryption cannot be checked', 'unsupported_encryption');
  }
  const macAlgorithm = attribute(macMethod, 'algorithm');
  const macHash = hmacHash(macAlgorithm);
  if (macHash === undefined) {
    throw new TokenFileError(`the MAC algorithm ${macAlgorithm ?? '(none)'} is not supported: Pingate reads HMAC-SHA1 and HMAC-SHA2`, 'unsupported_encryption');
  }
  const macKeyNode = element(macMethod, 'mackey');
  if (macKeyNode === undefined) {
    throw new TokenFileError('the MAC key is not in the file (<MACKey>), so a decryption cannot be checked', 'unsupported_encryption');
  }
  const macKeyCipher = cipherFor(attribute(element(macKeyNode, 'encryptionmethod'), 'algorithm'));
  const fileKey = derived !== undefined ? deriveKey(derived, given.password ?? '', macKeyCipher.keyBytes) : (given.preSharedKey ?? Buffer.alloc(0));
  if (fileKey.length !== macKeyCipher.keyBytes) {
    throw new TokenFileError(
      `the ${derived !== undefined ? 'derived' : 'pre-shared'} key is ${fileKey.length} bytes; ${macKeyCipher.uriName} takes ${macKeyCipher.keyBytes}`,
      derived !== undefined ? 'malformed' : 'wrong_key',
    );
  }
  const encryptedMacKey = decodeBase64(text(element(macKeyNode, 'cipherdata', 'ciphervalue')));
  if (encryptedMacKey === undefined) throw new TokenFileError('the MAC key\'s <CipherValue> is missing or not base64', 'malformed');
  const macKey = decryptCbc(macKeyCipher, fileKey, encryptedMacKey);
  if (macKey === undefined || macKey.length === 0) {
    throw new TokenFileError('wrong password or key: the file\'s MAC key does not decrypt', 'wrong_key');
  }
  return {
    macMatches(cipherValue, mac) {
      const expected = createHmac(macHash, macKey).update(cipherValue).digest();
      return expected.length === mac.length && timingSafeEqual(expected, mac);
    },
    decrypt: (method, cipherValue) => decryptCbc(cipherFor(method), fileKey, cipherValue),
  };
}

/** PBKDF2 as RFC 6030 section 6.2 (Figure 7) gives it: salt, iteration count, key length, PRF. */
function deriveKey(derived: XmlNode, password: string, defaultLength: number): Buffer {
  const method = element(derived, 'keyderivationmethod');
  const algorithm = attribute(method, 'algorithm');
  // pkcs-5v2-0#pbkdf2 in RFC 6030; xmlenc11#pbkdf2 in XML Encryption 1.1.
  if (algorithm === undefined || !algorithm.trim().toLowerCase().endsWith('#pbkdf2')) {
    throw new TokenFileError(`the key derivation ${algorithm ?? '(none)'} is not supported: Pingate reads PBKDF2`, 'unsupported_encryption');
  }
  const parameters = element(method, 'pbkdf2-params');
  const salt = decodeBase64(text(element(parameters, 'salt', 'specified')));
  if (salt === undefined) throw new TokenFileError('the PBKDF2 salt is missing or not base64 (<Salt><Specified>)', 'malformed');
  const iterations = positiveInteger(text(element(parameters, 'iterationcount')) ?? '');
  if (iterations === undefined || iterations > maxPbkdf2Iterations) {
    throw new TokenFileError(`the PBKDF2 iteration count is missing or above ${maxPbkdf2Iterations}`, 'malformed');
  }
  const lengthText = text(element(parameters, 'keylength'));
  const length = lengthText === undefined ? defaultLength : positiveInteger(lengthText);
  if (length === undefined || length > 64) throw new TokenFileError('the PBKDF2 key length is not a number of bytes up to 64', 'malformed');
  const prfAlgorithm = attribute(element(parameters, 'prf'), 'algorithm');
  // An absent or empty <PRF/> means HMAC-SHA1, PKCS #5's default (RFC 6030 Figure 7).
  const prf = prfAlgorithm === undefined || prfAlgorithm.trim() === '' ? 'sha1' : hmacHash(prfAlgorithm);
  if (prf === undefined) throw new TokenFileError(`the PBKDF2 PRF ${prfAlgorithm} is not supported`, 'unsupported_encryption');
  return pbkdf2Sync(password, salt, iterations, length, prf);
}

/** xmldsig#hmac-sha1, xmldsig-more#hmac-sha224/256/384/512 (and a PRF named the same way) → hash. */
function hmacHash(uri: string | undefined): string | undefined {
  const match = /#hmac-sha-?(1|224|256|384|512)$/i.exec(uri?.trim() ?? '');
  return match === null ? undefined : `sha${match[1]}`;
}

interface Cipher {
  readonly uriName: string;
  readonly nodeName: string;
  readonly keyBytes: number;
}

/** xmlenc#aes128-cbc / aes192-cbc / aes256-cbc; anything else makes the file unreadable. */
function cipherFor(uri: string | undefined): Cipher {
  const match = /#aes(128|192|256)-cbc$/i.exec(uri?.trim() ?? '');
  if (match === null) {
    throw new TokenFileError(
      `the encryption algorithm ${uri ?? '(none)'} is not supported: Pingate reads aes128-cbc, aes192-cbc and aes256-cbc`,
      'unsupported_encryption',
    );
  }
  const bits = Number(match[1]);
  return { uriName: `aes${bits}-cbc`, nodeName: `aes-${bits}-cbc`, keyBytes: bits / 8 };
}

/**
 * AES-CBC with the IV in the first 16 bytes of `value` (XML Encryption). The padding is XML
 * Encryption's: the last byte says how many bytes to drop (1 to 16), the others are arbitrary, so
 * Node's PKCS#7 check is off. undefined when the value or the padding cannot be right.
 */
function decryptCbc(cipher: Cipher, key: Buffer, value: Buffer): Buffer | undefined {
  if (key.length !== cipher.keyBytes || value.length < 32 || value.length % 16 !== 0) return undefined;
  const decipher = createDecipheriv(cipher.nodeName, key, value.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(value.subarray(16)), decipher.final()]);
  const padding = padded[padded.length - 1] ?? 0;
  if (padding < 1 || padding > 16) return undefined;
  return padded.subarray(0, padded.length - padding);
}

// ---- XML
