// Seeds the accounts that sign in during the run, through the same use cases the CLI uses: one
// confidential first-party client and one account (with its own TOTP token) per planned
// sign-in, because a TOTP time step is accepted once per token (replay guard). The PIN is hashed
// once and the same PHC string is written to every account, so seeding does not spend minutes
// on argon2id; every sign-in still verifies that hash at full cost on the server.
import { RELYING_PARTY_SCOPES } from '../src/usecases/admin/client-metadata.ts';
import { randomBytes } from 'node:crypto';
import type { TotpParameters } from '../src/security/totp.ts';
import { createAccount } from '../src/usecases/admin/create-account.ts';
import type { AdminDependencies } from '../src/usecases/admin/dependencies.ts';
import { enrolTotp } from '../src/usecases/admin/enrol-totp.ts';
import { registerClient } from '../src/usecases/admin/register-client.ts';
import { registerServiceClient } from '../src/usecases/admin/register-service-client.ts';
import { runConcurrently } from './load.ts';

export interface BenchClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
}

export interface BenchUser {
  readonly id: string;
  readonly username: string;
  readonly pin: string;
  readonly secret: string;
  readonly parameters: TotpParameters;
}

export const BENCH_PIN = '720435';
const SEED_CONCURRENCY = 8;

export async function seedClient(admin: AdminDependencies): Promise<BenchClient> {
  const clientId = `bench-${randomBytes(4).toString('hex')}`;
  const redirectUri = 'http://127.0.0.1:9/callback'; // never contacted: the bench reads the redirect
  const metadata = await registerClient(admin, {
    clientId,
    name: 'Benchmark client',
    redirectUris: [redirectUri],
    firstParty: true,
    secret: randomBytes(32).toString('base64url'),
    scopes: RELYING_PARTY_SCOPES,
  });
  return { clientId, clientSecret: metadata.client_secret!, redirectUri };
}

/** A caller of the validate API (scope validate, authenticating with its secret). */
export async function seedValidateCaller(admin: AdminDependencies): Promise<{ clientId: string; secret: string }> {
  const metadata = await registerServiceClient(admin, { clientId: `bench-radius-${randomBytes(4).toString('hex')}`, name: 'Benchmark RADIUS', scopes: ['validate'] });
  return { clientId: metadata.client_id, secret: String(metadata.client_secret) };
}

export async function seedUsers(admin: AdminDependencies, count: number, pinHash: string): Promise<BenchUser[]> {
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const users: BenchUser[] = [];
  const run = await runConcurrently(count, SEED_CONCURRENCY, async (index) => {
    const username = `${prefix}.${index}`;
    const account = await createAccount(admin, { username, email: `${username}@example.com`, displayName: `Bench ${index}`, groups: ['bench'] });
    const pin = { hash: pinHash, state: 'SET', changedAt: admin.clock.now(), history: [], graceUntil: null } as const;
    if (!(await admin.accounts.replacePin(account.id, pin, null))) throw new Error(`could not set the PIN of ${username}`);
    const enrolled = await enrolTotp(admin, { username });
    const { algorithm, digits, period } = enrolled.token;
    users[index] = { id: account.id, username, pin: BENCH_PIN, secret: enrolled.secret, parameters: { algorithm, digits, period } };
  });
  const failure = run.outcomes.find((o) => !o.ok);
  if (failure && !failure.ok) throw new Error(`seeding failed: ${failure.error}`);
  return users;
}
