// Changes to stored documents between versions of Pingate, applied when the database is opened
// (by a provider or the CLI). MongoDB has no schema to alter: the `pingate_meta` collection
// records the version the documents are at (none: version 1), and each step only adds what was
// missing, so processes that open the database at once cannot undo each other's work.
import type { Connection } from 'mongoose';
import { StorageOpenError } from '../errors.ts';

const META = 'pingate_meta';
export const DOCUMENTS_VERSION = 2;
const BATCH = 1_000;

export async function migrateDocuments(connection: Connection): Promise<void> {
  const meta = connection.db!.collection<{ _id: string; version: number }>(META);
  const version = (await meta.findOne({ _id: 'documents' }))?.version ?? 1;
  if (version === DOCUMENTS_VERSION) return;
  if (version > DOCUMENTS_VERSION) {
    throw new StorageOpenError(`the database ${connection.db!.databaseName} holds documents of version ${version}; this Pingate knows up to ${DOCUMENTS_VERSION} (upgrade Pingate)`);
  }
  // 2: the durable fact that an account had a token (domain/signin/enrolment.ts).
  await markAccountsThatHadTokens(connection);
  await meta.updateOne({ _id: 'documents' }, { $set: { version: DOCUMENTS_VERSION } }, { upsert: true });
}

/** Marks the accounts that have (or, by the audit trail, once had) an active or disabled token.
 * Only ever sets the mark: run by the migration and after an import (a dump of version 1 does
 * not carry it). */
export async function markAccountsThatHadTokens(connection: Connection): Promise<void> {
  const db = connection.db!;
  const withTokens = await db.collection('tokens').distinct('accountId', { state: { $in: ['ACTIVE', 'DISABLED'] } });
  const audited = await db.collection('audit_events').distinct('account.id', { event: { $in: ['token.enrolled', 'token.activated'] } });
  const ids = [...new Set([...withTokens, ...audited].filter((id): id is string => typeof id === 'string'))];
  for (let i = 0; i < ids.length; i += BATCH) {
    await db.collection<{ _id: string; hadToken?: boolean }>('accounts').updateMany({ _id: { $in: ids.slice(i, i + BATCH) }, hadToken: { $ne: true } }, { $set: { hadToken: true } });
  }
}
