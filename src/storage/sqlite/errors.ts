// SQLite's result codes turned into sentences an operator can act on, and the codes that mean
// "the database cannot serve right now" (503) rather than "this request is wrong".
import { StorageOpenError } from '../errors.ts';

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_NOMEM = 7;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_PROTOCOL = 15;
const SQLITE_NOTADB = 26;

const causes: Readonly<Record<number, string>> = {
  [SQLITE_BUSY]: 'the file is locked by another program (waited for the busy timeout)',
  [SQLITE_LOCKED]: 'the file is locked',
  [SQLITE_READONLY]: 'the file or its folder is read-only',
  [SQLITE_IOERR]: 'a disk input/output error',
  [SQLITE_CORRUPT]: 'the file is corrupt',
  [SQLITE_FULL]: 'the disk is full',
  [SQLITE_CANTOPEN]: 'the file cannot be opened (does its folder exist, and may this user write there?)',
  [SQLITE_NOTADB]: 'the file is not a SQLite database',
};

/** SQLite's extended result code of a failed statement, or undefined for other errors. */
function extendedCode(error: unknown): number | undefined {
  const e = error as { code?: string; errcode?: number } | null;
  return e?.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' ? e.errcode : undefined;
}

/** The primary result code (the low byte of the extended one). */
const primaryCode = (error: unknown): number | undefined => {
  const code = extendedCode(error);
  return code === undefined ? undefined : code & 0xff;
};

/** A UNIQUE or PRIMARY KEY constraint failed (SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY). */
export const isUniqueViolation = (error: unknown): boolean => {
  const code = extendedCode(error);
  return code === 2067 || code === 1555;
};

export function databaseFileError(file: string, error: unknown): StorageOpenError {
  const code = primaryCode(error);
  const systemCode = (error as { code?: string } | null)?.code;
  const cause =
    (code !== undefined ? causes[code] : undefined) ??
    (systemCode === 'EACCES' ? 'permission denied (may this user write to its folder?)' : systemCode === 'ENOSPC' ? 'the disk is full' : undefined) ??
    (error as Error).message;
  return new StorageOpenError(`cannot open the database file ${file}: ${cause}`, { cause: error });
}

/** Failures of the file, not of the request: the page answers 503 and a later request may work. */
export function isSqliteUnavailable(error: unknown): boolean {
  const code = primaryCode(error);
  return code !== undefined && [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PROTOCOL, SQLITE_NOTADB].includes(code);
}
