// Reads a token export written by privacyIDEA's token janitor into ImportedTokens, so a site
// leaving privacyIDEA keeps its users' TOTP tokens; users are named by their login.
//
// The formats, as read in privacyIDEA's source (github.com/privacyidea/privacyidea at v3.14dev2,
// commit 55410007; csv and pi the same in v3.12 and v3.13.3; v3.11 has csv, yaml and pskc only):
// - privacyidea/cli/pitokenjanitor/utils/findtokens.py, `pi-tokenjanitor find export`:
//   * `--format csv`: one line per HOTP/TOTP token, no header, fields joined by ", ":
//     `owner, serial, otpkey, type, otplen` and, for TOTP, `, timeStep`. owner is
//     "login@realm", or "n/a" without one (or with --no-user); otpkey is hex, base32 with --b32;
//     timeStep is the token's tokeninfo, "None" when it has none. The older
//     privacyidea/cli/privacyideatokenjanitor/findtokens.py (`privacyidea-token-janitor find
//     --action export --csv`) writes the same columns, but reads the tokeninfo `timStep` (sic), so
//     its TOTP column is always "None".
//   * `--format pi` (the default since v3.12): a Fernet token (cryptography.fernet) whose
//     plaintext is the JSON list of TokenClass.export_token() dicts (privacyidea/lib/tokenclass.py,
//     lib/tokens/hotptoken.py): serial, type, otpkey (hex), otplen, info_list (tokeninfo strings:
//     hashlib, timeStep, ...), user {login, realm, resolver, uid} when exported with the user. The
//     janitor prints the Fernet key; it is this reader's `key`. A list already decrypted (JSON) is
//     read too.
//   * `--format pskc`: plain PSKC (privacyidea/lib/importotp.py, export_pskc: AES-128-CBC under a
//     pre-shared key it prints, HMAC-SHA1 ValueMAC), read by readPskc in pskc.ts, not here.
//   * `--format yaml`: PyYAML's dump of the same _to_dict() dicts plus "owner". Not read: Pingate
//     has no YAML parser (and in this version that branch reuses the name of the list it fills as
//     its loop variable, so it does not look able to write a file). Refused with a message naming
//     the formats that are read.
// Pure: text in, tokens out; no files, no database, no logging.
import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { checkTokenFileSize, hotpNotSupported, kindNotSupported, TokenFileError, type ImportedToken } from './imported-token.ts';

/** privacyIDEA's default time step when a token has none in its tokeninfo (totptoken.py). */
const defaultPeriod = 30;

/**
 * `key`: the Fernet key pi-tokenjanitor printed for a `--format pi` export (URL-safe base64 of
 * 32 bytes); not needed for CSV.
 */
export function readPrivacyIdeaExport(text: string, key?: string): ImportedToken[] {
  checkTokenFileSize(text);
  const content = text.replace(/^\uFEFF/, '').trim();
  if (content.startsWith('<')) {
    throw new TokenFileError('this is a PSKC file (privacyIDEA\'s --format pskc): read it as PSKC, with the key privacyIDEA printed', 'malformed');
  }
  if (content.startsWith('gAAAAA')) return readJsonExport(openFernet(firstWord(content), key));
  if (content.startsWith('[')) return readJsonExport(content);
  if (content.startsWith('- ') || content.startsWith('---')) {
    throw new TokenFileError('privacyIDEA\'s YAML export is not read: export with --format csv or --format pi', 'malformed');
  }
  return readCsvExport(content);
}

/** What each format gives of a token, before it is judged. */
interface ExportedToken {
  readonly serial: string;
  readonly type: string;
  readonly otpkey: string | undefined;
  readonly otplen: string | undefined;
  readonly timeStep: string | undefined;
  readonly hashlib: string | undefined;
  readonly username: string | undefined;
  /** The pi format's seed is always hex; CSV's is base32 with --b32. */
  readonly base32Allowed: boolean;
}

// ---- CSV (`--format csv`)

function readCsvExport(content: string): ImportedToken[] {
  return content
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => toImportedToken(readCsvLine(line, number)));
}

function readCsvLine(line: string, number: number): ExportedToken {
  // The janitor writes the fields unquoted, joined by ", ": a comma inside one cannot be told apart.
  const fields = line.split(',').map((field) => field.trim());
  if (fields.length !== 5 && fields.length !== 6) {
    throw new TokenFileError(
      `line ${number} has ${fields.length} fields; privacyIDEA's CSV export has owner, serial, otpkey, type, otplen and, for TOTP, timeStep`,
      'malformed',
    );
  }
  const [owner = '', serial = '', otpkey, type = '', otplen, timeStep] = fields;
  if (serial === '') throw new TokenFileError(`line ${number} has no serial`, 'malformed');
  // A comma in an owner's name shifts the columns, and the seed would be read as the type or the
  // length (and shown in a reason): the shape is checked first, and no value is quoted.
  const shaped = /^[a-z]{2,20}$/.test(type) && /^\d{1,2}$/.test(otplen ?? '') && (timeStep === undefined || /^(?:\d{1,4}|None)$/.test(timeStep)) && (type === 'totp') === (fields.length === 6);
  if (!shaped) throw new TokenFileError(`line ${number} does not have the columns of privacyIDEA's CSV export (owner, serial, otpkey, type, otplen and, for TOTP, timeStep); a comma in an owner's name cannot be read`, 'malformed');
  return { serial, type, otpkey, otplen, timeStep, hashlib: undefined, username: ownerLogin(owner), base32Allowed: true };
}

/** "login@realm" → login (a realm has no "@"; a login may); "n/a" → none. */
function ownerLogin(owner: string): string | undefined {
  if (owner === '' || owner === 'n/a') return undefined;
  const at = owner.lastIndexOf('@');
  const login = at > 0 ? owner.slice(0, at) : owner;
  return login === '' ? undefined : login;
}

// ---- The pi format (`--format pi`): Fernet over JSON

function firstWord(content: string): string {
  // Exported to stdout, the token is followed by the janitor's messages.
  return content.split(/\s+/, 1)[0] ?? '';
}

/**
 * Fernet (github.com/fernet/spec): base64url of 0x80, an 8-byte timestamp, a 16-byte IV, the
 * AES-128-CBC ciphertext (PKCS#7) and an HMAC-SHA256 over everything before it; the key's first
 * 16 bytes sign, the last 16 encrypt. The timestamp is not checked: an export may be old.
 */
function openFernet(token: string, key: string | undefined): string {
  if (key === undefined) {
    throw new TokenFileError('privacyIDEA\'s pi export is encrypted: give the key the token janitor printed', 'password_required');
  }
  const keyBytes = decodeBase64Url(key.trim());
  if (keyBytes?.length !== 32) throw new TokenFileError('the key is not a privacyIDEA export key (32 bytes, URL-safe base64)', 'wrong_key');
  const data = decodeBase64Url(token);
  if (data === undefined || data.length < 73 || data[0] !== 0x80 || (data.length - 57) % 16 !== 0) {
    throw new TokenFileError('the file is not a privacyIDEA pi export (not a Fernet token)', 'malformed');
  }
  const signed = data.subarray(0, data.length - 32);
  const expected = createHmac('sha256', keyBytes.subarray(0, 16)).update(signed).digest();
  if (!timingSafeEqual(expected, data.subarray(data.length - 32))) {
    throw new TokenFileError('wrong key: the export\'s HMAC does not match', 'wrong_key');
  }
  try {
    const decipher = createDecipheriv('aes-128-cbc', keyBytes.subarray(16), data.subarray(9, 25));
    return Buffer.concat([decipher.update(data.subarray(25, data.length - 32)), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenFileError('the export verifies but does not decrypt', 'malformed');
  }
}

function decodeBase64Url(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64url');
}

function readJsonExport(json: string): ImportedToken[] {
  let records: unknown;
  try {
    records = JSON.parse(json);
  } catch {
    throw new TokenFileError('the export is not JSON', 'malformed');
  }
  if (!Array.isArray(records)) throw new TokenFileError('the export is not a list of tokens', 'malformed');
  return records.map((record, index) => toImportedToken(readJsonRecord(record, index + 1)));
}

function readJsonRecord(record: unknown, number: number): ExportedToken {
  if (!isObject(record)) throw new TokenFileError(`token ${number} of the export is not an object`, 'malformed');
  const serial = scalar(record.serial);
  if (serial === undefined || serial === '') throw new TokenFileError(`token ${number} of the export has no serial`, 'malformed');
  const info = isObject(record.info_list) ? record.info_list : {};
  const user = isObject(record.user) ? record.user : {};
  return {
    serial,
    type: scalar(record.type) ?? '',
    otpkey: scalar(record.otpkey),
    otplen: scalar(record.otplen),
    timeStep: scalar(info.timeStep),
    hashlib: scalar(info.hashlib),
    username: scalar(user.login) || undefined,
    base32Allowed: false,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string or number as text; anything else (null, objects) as absent. */
const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;

// ---- Judging one token

function toImportedToken(exported: ExportedToken): ImportedToken {
  const { serial, username } = exported;
  const type = exported.type.toLowerCase();
  if (type === 'hotp') return { serial, username, kind: 'unsupported', problem: hotpNotSupported };
  if (type !== 'totp') return { serial, username, kind: 'unsupported', problem: kindNotSupported(exported.type || 'untyped') };
  const digits = positiveInteger(exported.otplen);
  if (digits === undefined) return { serial, username, kind: 'unsupported', problem: 'the code length is not a number' };
  // "None" is what both janitors write for a token without a timeStep; privacyIDEA then uses 30.
  const step = exported.timeStep === undefined || exported.timeStep === '' || exported.timeStep === 'None' ? String(defaultPeriod) : exported.timeStep;
  const period = positiveInteger(step);
  if (period === undefined) return { serial, username, kind: 'unsupported', problem: 'the time step is not a number of seconds' };
  const algorithm = hashOf(exported.hashlib);
  if (algorithm === undefined) {
    return { serial, username, kind: 'unsupported', problem: `the hash function ${exported.hashlib ?? ''} is not supported: Pingate takes SHA1, SHA256 or SHA512` };
  }
  const parameters = { serial, username, kind: 'totp', algorithm, digits, period } as const;
  const secret = decodeSeed(exported.otpkey ?? '', exported.base32Allowed);
  if (secret === undefined) return { ...parameters, problem: exported.base32Allowed ? 'the seed is neither hex nor base32' : 'the seed is not hex' };
  return { ...parameters, secret };
}

/** privacyIDEA's tokeninfo `hashlib` (sha1, sha256, sha512); the CSV has none: privacyIDEA's default, SHA1. */
function hashOf(hashlib: string | undefined): ImportedToken['algorithm'] | undefined {
  switch ((hashlib ?? 'sha1').toLowerCase()) {
    case '':
    case 'sha1':
      return 'SHA1';
    case 'sha256':
      return 'SHA256';
    case 'sha512':
      return 'SHA512';
    default:
      return undefined;
  }
}

/** privacyIDEA writes hex lowercase (binascii.hexlify) and base32 uppercase (b32encode), so the two are told apart. */
function decodeSeed(seed: string, base32Allowed: boolean): Buffer | undefined {
  if (/^(?:[0-9a-f]{2})+$/.test(seed)) return Buffer.from(seed, 'hex');
  if (base32Allowed && /^[A-Z2-7]+=*$/.test(seed)) return decodeBase32(seed);
  if (/^(?:[0-9a-fA-F]{2})+$/.test(seed)) return Buffer.from(seed, 'hex');
  return undefined;
}

/** RFC 4648 base32, padding optional. */
function decodeBase32(value: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let bits = 0;
  let buffer = 0;
  for (const character of value.replace(/=+$/, '')) {
    buffer = ((buffer << 5) | alphabet.indexOf(character)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function positiveInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^[0-9]{1,9}$/.test(value.trim())) return undefined;
  const number = Number(value.trim());
  return number > 0 ? number : undefined;
}
