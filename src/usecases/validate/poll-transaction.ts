// GET /validate/polltransaction as a use case: whether a challenge this caller received has been
// answered and accepted. privacyIDEA's plugins poll it for challenges answered out of band (push);
// Pingate's challenges are answered through /validate/check, so this only reports what happened:
// accepted (the transaction completed), pending (still open), or nothing (unknown, expired, or
// another caller's, which are not told apart).
import type { FlowStore } from '../ports.ts';
import { TRANSACTION_PREFIX, type ValidateCaller } from './check.ts';

export type TransactionStatus = 'accept' | 'pending' | 'none';

export async function pollTransaction(flows: FlowStore, caller: ValidateCaller, transactionId: string): Promise<TransactionStatus> {
  const flow = transactionId.startsWith(TRANSACTION_PREFIX) ? await flows.find(transactionId) : null;
  if (!flow || flow.purpose !== 'validate' || flow.clientId !== caller.clientId) return 'none';
  return flow.state === 'COMPLETED' ? 'accept' : 'pending';
}
