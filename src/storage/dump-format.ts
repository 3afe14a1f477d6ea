// The backend-neutral form of every stored record, as written by `pingate db export` and read by
// `pingate db import`: JSON Lines, a header line, then one record per line tagged with its
// collection. Records are the ports' own types (dates as { "$date": ISO }); secrets stay sealed
// (TOTP secrets, client secrets), so the importing side needs the same PINGATE_SECRET_KEY.
import type { SignInFlow } from '../domain/signin/flow.ts';
import type { AuditRecord } from '../usecases/audit.ts';
import type { Account, TokenRecord } from '../usecases/ports.ts';
import { z } from 'zod';
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
/** 2: accounts carry `hadToken`. Version 1 files are read too: their accounts get the mark from
 * their tokens and the audit trail after the import. */
export const DUMP_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

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
  if (!READABLE_VERSIONS.includes(header.version as number)) {
    throw new DumpFormatError(`export format version ${String(header.version)} is not supported (this Pingate reads ${READABLE_VERSIONS.join(' and ')})`);
  }
  return header as DumpHeader;
}

/** What a record must at least have to be stored: the fields the stores index or read as dates. */
const date = z.date();
const nullableDate = z.date().nullable();
const text = z.string().min(1);
const recordShapes: Readonly<Record<CollectionName, z.ZodType>> = {
  accounts: z.looseObject({
    id: text,
    username: text,
    groups: z.array(z.string()),
    status: z.enum(['ACTIVE', 'DISABLED']),
    pin: z.looseObject({ hash: z.string().nullable(), state: text, changedAt: nullableDate, history: z.array(z.string()), graceUntil: nullableDate }),
    lockout: z.looseObject({ failures: z.number().int().min(0), lockedAt: nullableDate, lockedUntil: nullableDate }),
    hadToken: z.boolean().optional(),
    createdAt: date,
  }),
  tokens: z.looseObject({ id: text, serial: text, accountId: text, type: z.enum(['totp', 'email']), state: text, digits: z.number().int(), period: z.number().int(), createdAt: date }),
  signin_flows: z.looseObject({ id: text, version: z.number().int(), state: text, expiresAt: date, createdAt: date }),
  audit_events: z.looseObject({ id: text, time: date, event: text, outcome: text }),
  oidc: z.looseObject({ model: text, id: text, payload: z.record(z.string(), z.unknown()), expiresAt: nullableDate }),
  rate_limits: z.looseObject({ key: text, points: z.number().int(), expiresAt: date }),
};

export function readRecord(line: string, lineNumber: number): DumpRecord {
  let value: { collection?: unknown; record?: unknown };
  try {
    value = parseWithDates(line);
  } catch {
    throw new DumpFormatError(`line ${lineNumber} is not JSON`);
  }
  const collection = value?.collection as CollectionName;
  if (!COLLECTIONS.includes(collection)) throw new DumpFormatError(`line ${lineNumber} is not a record of a known collection`);
  const checked = recordShapes[collection].safeParse(value.record);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new DumpFormatError(`line ${lineNumber} (${collection}): ${issue.path.join('.') || 'record'}: ${issue.message}`);
  }
  // A version 1 account has no mark yet: the import sets it from the account's tokens.
  if (collection === 'accounts') (value.record as { hadToken?: boolean }).hadToken ??= false;
  return value as DumpRecord;
}
