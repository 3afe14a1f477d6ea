// Errors of the storage backends that callers must tell apart from bugs: the database cannot be
// opened (start-up stops with the file or address and the cause), or cannot be reached right now
// (pages and APIs answer 503 and the next request tries again).

/** The database could not be opened at start: names the file (or address) and the cause. */
export class StorageOpenError extends Error {
  readonly code = 'storage_open_failed' as const;
}

/** Is `error` a failure of the database itself (unreachable, locked, disk full), not of the request? */
export type UnavailableCheck = (error: unknown) => boolean;

/** The backend cannot do this (e.g. a file backup of MongoDB); the message says what to use. */
export class StorageNotSupportedError extends Error {
  readonly code = 'not_supported' as const;
}
