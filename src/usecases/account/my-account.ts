// What the account console (/self-service) shows a signed-in user about their own account: the
// PIN's state and when it was set, their tokens, and their recent security events from the audit
// log (sign-ins and failed attempts, locks, PIN and token changes, sessions ended), so they can
// spot what they did not do. Only the account's own records are read; no secret is shown.
import type { AuditLog, AuditRecord } from '../audit.ts';
import type { AccountStore, ClientStore, TokenRecord, TokenStore } from '../ports.ts';

export interface MyAccountDependencies {
  readonly accounts: AccountStore;
  readonly tokens: TokenStore;
  readonly clients: ClientStore;
  readonly audit: AuditLog;
}

export interface MyToken {
  readonly id: string;
  readonly serial: string;
  readonly type: TokenRecord['type'];
  readonly state: TokenRecord['state'];
  readonly createdAt: Date;
}

export interface MyEvent {
  readonly time: Date;
  readonly event: string;
  readonly outcome: 'success' | 'failure';
  readonly reason: string | null;
  readonly ip: string | null;
  /** The application's name when the event names one. */
  readonly application: string | null;
}

export interface MyAccount {
  readonly username: string;
  readonly displayName: string | null;
  readonly email: string | null;
  readonly pin: { readonly set: boolean; readonly changedAt: Date | null; readonly mustChange: boolean };
  readonly tokens: readonly MyToken[];
  readonly activity: readonly MyEvent[];
}

/** The events a user is shown: what they did, and what someone else may have tried. */
const SHOWN = new Set(['signin.success', 'signin.failure', 'account.locked', 'account.unlocked', 'pin.set', 'pin.changed', 'pin.reset', 'pin.change_forced', 'pin.random_issued', 'token.activated', 'token.enrolled', 'token.imported', 'token.disabled', 'token.deleted', 'sessions.ended', 'grant.revoked']);

export const ACTIVITY_SHOWN = 15;

export async function viewMyAccount(deps: MyAccountDependencies, accountId: string): Promise<MyAccount | null> {
  const account = await deps.accounts.findById(accountId);
  if (!account) return null;
  const [tokens, records] = await Promise.all([deps.tokens.listForAccount(accountId), deps.audit.query({ accountId, limit: 100 })]);
  const recent = records.filter((record) => SHOWN.has(record.event)).slice(0, ACTIVITY_SHOWN);
  const names = new Map<string, string | null>();
  const nameOf = async (clientId: string | null | undefined): Promise<string | null> => {
    if (!clientId) return null;
    if (!names.has(clientId)) names.set(clientId, (await deps.clients.find(clientId))?.metadata.client_name ?? clientId);
    return names.get(clientId)!;
  };
  const activity: MyEvent[] = [];
  for (const record of recent) activity.push(await eventOf(record, nameOf));
  return {
    username: account.username,
    displayName: account.displayName,
    email: account.email,
    pin: { set: account.pin.hash !== null, changedAt: account.pin.changedAt, mustChange: account.pin.state !== 'SET' },
    tokens: tokens.map(({ id, serial, type, state, createdAt }) => ({ id, serial, type, state, createdAt })),
    activity,
  };
}

async function eventOf(record: AuditRecord, nameOf: (clientId: string | null | undefined) => Promise<string | null>): Promise<MyEvent> {
  return { time: record.time, event: record.event, outcome: record.outcome, reason: record.reason ?? null, ip: record.ip ?? null, application: await nameOf(record.clientId) };
}
