// An unknown username must cost what a known one costs, database work included: where a known
// account's step reads the account and its token and counts a failure, an unknown one makes the
// same calls for this id, which names no account (reads that find nothing, a count that changes
// nothing, inside the same write transaction on SQLite). Random per process, and not shaped like
// an account id (a bare UUID), so it can never be one.
import { randomUUID } from 'node:crypto';

export const DECOY_ACCOUNT_ID = `decoy-${randomUUID()}`;
