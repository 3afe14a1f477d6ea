// The backend-neutral form of every stored record, as written by `pingate db export` and read by
// `pingate db import`: JSON Lines, a header line, then one record per line tagged with its
// collection. Records are the ports' own types (dates as { "$date": ISO }); secrets stay sealed
// (TOTP secrets, client secrets), so the importing side needs the same PINGATE_SECRET_KEY.
import type { SignInFlow } from '../domain/signin/flow.ts';
import type { AuditRecord } from '../usecases/audit.ts';
import type { Account, TokenRecord } from '../usecases/ports.ts';
import { parseWithDates, stringifyWithDates } from './json-dates.ts';

/** One oidc-provider record: sessions, grants, tokens, interactions, clients (sealed). */
export interface OidcRecord {
  readonly model: string;
  readonly id: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly expiresAt: Date | null;
}

export interface RateLimitRecord {
  readonly key: string;
  readonly points: number;
  readonly expiresAt: Date;
}

export type DumpRecord =
  | { readonly collection: 'accounts'; readonly record: Account }
  | { readonly collection: 'tokens'; readonly record: TokenRecord }
  | { readonly collection: 'signin_flows'; readonly record: SignInFlow }
  | { readonly collection: 'audit_events'; readonly record: AuditRecord }
  | { readonly collection: 'oidc'; readonly record: OidcRecord }
  | { readonly collection: 'rate_limits'; readonly record: RateLimitRecord };

export type CollectionName = DumpRecord['collection'];

/** In this order: accounts before the tokens that belong to them. */
export const COLLECTIONS: readonly CollectionName[] = ['accounts', 'tokens', 'signin_flows', 'audit_events', 'oidc', 'rate_limits'];

export const DUMP_FORMAT = 'pingate-export';
export const DUMP_VERSION = 1;

export interface DumpHeader {
  readonly format: typeof DUMP_FORMAT;
  readonly version: number;
  readonly backend: string;
  readonly exportedAt: Date;
}

export const headerLine = (backend: string, now: Date): string =>
  stringifyWithDates({ format: DUMP_FORMAT, version: DUMP_VERSION, backend, exportedAt: now } satisfies DumpHeader);

export const recordLine = (record: DumpRecord): string => stringifyWithDates(record);

export class DumpFormatError extends Error {
  readonly code = 'invalid_input' as const;
}

export function readHeader(line: string): DumpHeader {
  let header: Partial<DumpHeader>;
  try {
    header = parseWithDates<Partial<DumpHeader>>(line);
  } catch {
    throw new DumpFormatError('line 1 is not JSON: this is not a `pingate db export` file');
  }
  if (header?.format !== DUMP_FORMAT) throw new DumpFormatError('line 1 is not a `pingate db export` header');
  if (header.version !== DUMP_VERSION) throw new DumpFormatError(`export format version ${String(header.version)} is not supported (this Pingate reads ${DUMP_VERSION})`);
  return header as DumpHeader;
}

export function readRecord(line: string, lineNumber: number): DumpRecord {
  let value: { collection?: unknown; record?: unknown };
  try {
    value = parseWithDates(line);
  } catch {
    throw new DumpFormatError(`line ${lineNumber} is not JSON`);
  }
  if (!COLLECTIONS.includes(value?.collection as CollectionName) || typeof value.record !== 'object' || value.record === null) {
    throw new DumpFormatError(`line ${lineNumber} is not a record of a known collection`);
  }
  return value as DumpRecord;
}
