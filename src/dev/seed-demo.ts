// Creates the demo account, its TOTP token and the demo client when they do not exist, and
// returns what a developer needs to sign in. Used only by `npm run dev`.
import { DEMO_CLIENT_ID } from '../http/demo/routes.ts';
import { otpauthUri } from '../security/totp.ts';
import type { AdminDependencies } from '../usecases/admin/dependencies.ts';
import { createAccount } from '../usecases/admin/create-account.ts';
import { enrolTotp } from '../usecases/admin/enrol-totp.ts';
import { registerClient } from '../usecases/admin/register-client.ts';
import { setPin } from '../usecases/admin/set-pin.ts';
import { updateAccount } from '../usecases/admin/manage-account.ts';

export const DEMO_USERNAME = 'demo';
export const DEMO_PIN = '835172';
/** The demo account's group that `npm run dev` makes the helpdesk console's administrators. */
export const DEMO_ADMIN_GROUP = 'pingate-admins';

export interface DemoSeed {
  readonly username: string;
  readonly pin: string;
  readonly totpSecret: string;
  readonly otpauthUri: string;
}

export async function seedDemo(admin: AdminDependencies, issuer: string): Promise<DemoSeed> {
  let account = await admin.accounts.findByUsername(DEMO_USERNAME);
  if (!account) {
    account = await createAccount(admin, {
      username: DEMO_USERNAME,
      email: 'demo@example.com',
      displayName: 'Demo User',
      groups: ['staff', 'vpn-users', DEMO_ADMIN_GROUP],
    });
    // The demo PIN is printed for everyone to read, so the demo keeps it (waiving change on first use).
    await setPin(admin, DEMO_USERNAME, DEMO_PIN, { waiveChangeOnFirstUse: true });
  }
  // A demo database from before the console: the account joins the console's group.
  if (!account.groups.includes(DEMO_ADMIN_GROUP)) account = await updateAccount(admin, DEMO_USERNAME, { groups: [...account.groups, DEMO_ADMIN_GROUP] });
  let token = await admin.tokens.findActiveForAccount(account.id);
  if (!token) token = (await enrolTotp(admin, { username: DEMO_USERNAME })).token;
  const secret = admin.secretBox.open(token.sealedSecret!, `token:${token.id}`);

  if (!(await admin.clients.find(DEMO_CLIENT_ID))) {
    await registerClient(admin, {
      clientId: DEMO_CLIENT_ID,
      name: 'Pingate demo application',
      redirectUris: [new URL('/demo/callback', issuer).href],
      postLogoutRedirectUris: [new URL('/demo', issuer).href],
      public: true,
      firstParty: true,
      // The demo shows the groups claim and keeps a refresh token.
      scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    });
  }
  return { username: DEMO_USERNAME, pin: DEMO_PIN, totpSecret: secret, otpauthUri: otpauthUri(secret, token, admin.totpIssuer, account.username) };
}
