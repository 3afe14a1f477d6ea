// Deletes expired documents where the database has no TTL indexes (FerretDB): sign-in flows,
// oidc-provider artifacts and rate-limit windows. Reads already ignore them; this keeps the
// collections from growing without bound. On MongoDB the TTL indexes do this instead.
import type { Connection } from 'mongoose';

const EXPIRING: ReadonlyArray<readonly [collection: string | RegExp, field: string]> = [
  ['signin_flows', 'expiresAt'],
  [/^oidc_(?!Client$)/, 'expiresAt'],
  ['rate_limits', 'expire'],
];

export async function sweepExpired(connection: Connection, now: Date): Promise<number> {
  const names = (await connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  let removed = 0;
  for (const [pattern, field] of EXPIRING) {
    for (const name of names.filter((n) => (typeof pattern === 'string' ? n === pattern : pattern.test(n)))) {
      removed += (await connection.db!.collection(name).deleteMany({ [field]: { $lt: now } })).deletedCount;
    }
  }
  return removed;
}
