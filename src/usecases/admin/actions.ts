// Every administrative action and where it is offered: the `pingate` command, the administration
// API, the web console, or (deliberately) not all three, with the reason; and the least role
// that may take it (the API's scope, the console's group). docs/admin.md is written from this
// list, and test/integration/admin-parity.test.ts fails when the CLI, the API or the console
// offers an action this list does not name, lacks one it names, or asks another role for it.
// One use case serves each action everywhere, and checks the role again.
import type { ConsoleRole } from '../../domain/console-role.ts';

export interface AdminAction {
  readonly action: string;
  readonly useCase: string;
  /** The `pingate` command (without arguments), or null with `only` saying why. */
  readonly cli: string | null;
  /** "METHOD /path" of the administration API (OpenAPI path syntax), or null with `only`. */
  readonly api: string | null;
  /** The console's action (http/console/console-actions.ts), or "page <path>" for what a console
   * page shows; null with `only`. */
  readonly console: string | null;
  /** The least role that may take it: the API scope, the console role. */
  readonly role: ConsoleRole;
  /** Why the action is not offered everywhere. */
  readonly only?: string;
}

export const ADMIN_ACTIONS: readonly AdminAction[] = [
  { action: 'create an account', useCase: 'create-account', cli: 'account add', api: 'POST /accounts', console: 'create_account', role: 'admin' },
  { action: 'search accounts', useCase: 'manage-account', cli: 'account list', api: 'GET /accounts', console: 'page /console', role: 'helpdesk' },
  { action: 'show an account', useCase: 'show-account', cli: 'account show', api: 'GET /accounts/{username}', console: 'page /console/accounts/{username}', role: 'helpdesk' },
  { action: 'update an account', useCase: 'manage-account', cli: 'account update', api: 'PATCH /accounts/{username}', console: 'update_account', role: 'admin' },
  { action: 'disable an account', useCase: 'manage-account', cli: 'account disable', api: 'POST /accounts/{username}/disable', console: 'disable_account', role: 'admin' },
  { action: 'enable an account', useCase: 'manage-account', cli: 'account enable', api: 'POST /accounts/{username}/enable', console: 'enable_account', role: 'admin' },
  { action: 'remove an account', useCase: 'manage-account', cli: 'account remove', api: 'DELETE /accounts/{username}', console: 'remove_account', role: 'admin' },
  { action: 'unlock an account', useCase: 'unlock-account', cli: 'account unlock', api: 'POST /accounts/{username}/unlock', console: 'unlock', role: 'helpdesk' },
  { action: "show an account's effective PIN policy", useCase: 'show-policy', cli: 'policy show', api: 'GET /accounts/{username}/policy', console: 'page /console/accounts/{username}', role: 'helpdesk' },
  { action: 'set a known PIN', useCase: 'set-pin', cli: 'pin set', api: 'PUT /accounts/{username}/pin', console: 'set_pin', role: 'admin' },
  { action: 'reset a PIN', useCase: 'reset-pin', cli: 'pin reset', api: 'POST /accounts/{username}/pin/reset', console: 'reset_pin', role: 'helpdesk' },
  { action: "force an account's PIN change", useCase: 'force-pin-change', cli: 'pin force-change', api: 'POST /accounts/{username}/pin/force-change', console: 'force_pin_change', role: 'helpdesk' },
  { action: "force a group's or everyone's PIN change", useCase: 'force-pin-change', cli: 'pin force-change', api: 'POST /pin/force-change', console: 'force_group_pin_change', role: 'admin' },
  { action: 'email the PIN expiry warnings', useCase: 'warn-expiring', cli: 'pin warn-expiring', api: null, console: null, role: 'admin', only: 'a daily job the operator schedules on the server' },
  { action: "list an account's tokens", useCase: 'manage-tokens', cli: 'token list', api: 'GET /accounts/{username}/tokens', console: 'page /console/accounts/{username}', role: 'helpdesk' },
  { action: 'assign a TOTP token', useCase: 'enrol-totp', cli: 'token add-totp', api: 'POST /accounts/{username}/tokens', console: 'assign_totp', role: 'admin' },
  { action: 'assign an email token', useCase: 'enrol-email-token', cli: 'token add-email', api: 'POST /accounts/{username}/tokens', console: 'assign_email_token', role: 'admin' },
  { action: 'issue an enrolment code', useCase: 'issue-enrolment-code', cli: 'token enrolment-code', api: 'POST /accounts/{username}/enrolment-code', console: 'issue_enrolment_code', role: 'helpdesk' },
  { action: 'disable a token', useCase: 'manage-tokens', cli: 'token disable', api: 'POST /tokens/{serial}/disable', console: 'disable_token', role: 'admin' },
  { action: 'enable a token', useCase: 'manage-tokens', cli: 'token enable', api: 'POST /tokens/{serial}/enable', console: 'enable_token', role: 'admin' },
  { action: 'remove a token', useCase: 'manage-tokens', cli: 'token remove', api: 'DELETE /tokens/{serial}', console: 'remove_token', role: 'admin' },
  { action: 'resynchronise a TOTP token', useCase: 'manage-tokens', cli: 'token resync', api: 'POST /tokens/{serial}/resync', console: 'resync_token', role: 'admin' },
  { action: "list an account's sessions", useCase: 'manage-sessions', cli: 'session list', api: 'GET /accounts/{username}/sessions', console: 'page /console/accounts/{username}', role: 'helpdesk' },
  { action: "end an account's sessions", useCase: 'manage-sessions', cli: 'session revoke', api: 'DELETE /accounts/{username}/sessions', console: 'end_sessions', role: 'helpdesk' },
  { action: "end everyone's sessions", useCase: 'manage-sessions', cli: 'session revoke', api: 'DELETE /sessions', console: 'end_everyones_sessions', role: 'admin' },
  { action: 'register a relying party', useCase: 'register-client', cli: 'client add', api: 'POST /clients', console: 'register_client', role: 'admin' },
  { action: 'register a service client', useCase: 'register-service-client', cli: 'client add-service', api: 'POST /clients/service', console: 'register_service_client', role: 'admin' },
  { action: 'list clients', useCase: 'manage-clients', cli: 'client list', api: 'GET /clients', console: 'page /console/clients', role: 'admin' },
  { action: 'show a client', useCase: 'manage-clients', cli: 'client show', api: 'GET /clients/{clientId}', console: 'page /console/clients/{clientId}', role: 'admin' },
  { action: 'update a client', useCase: 'manage-clients', cli: 'client update', api: 'PATCH /clients/{clientId}', console: 'update_client', role: 'admin' },
  { action: 'disable a client', useCase: 'manage-clients', cli: 'client disable', api: 'POST /clients/{clientId}/disable', console: 'disable_client', role: 'admin' },
  { action: 'enable a client', useCase: 'manage-clients', cli: 'client enable', api: 'POST /clients/{clientId}/enable', console: 'enable_client', role: 'admin' },
  { action: 'remove a client', useCase: 'manage-clients', cli: 'client remove', api: 'DELETE /clients/{clientId}', console: 'remove_client', role: 'admin' },
  { action: "rotate a client's secret", useCase: 'rotate-client-secret', cli: 'client rotate-secret', api: 'POST /clients/{clientId}/rotate-secret', console: 'rotate_client_secret', role: 'admin' },
  { action: 'search the audit log', useCase: 'search-audit', cli: 'audit', api: 'GET /audit', console: 'page /console/audit', role: 'helpdesk' },
  { action: 'export the database', useCase: 'db', cli: 'db export', api: null, console: null, role: 'admin', only: 'a file on the server, every secret sealed: an operator task, not a remote one' },
  { action: 'import the database', useCase: 'db', cli: 'db import', api: null, console: null, role: 'admin', only: 'replaces the data on the server: an operator task' },
  { action: 'back up the database', useCase: 'db', cli: 'db backup', api: null, console: null, role: 'admin', only: 'a file on the server: an operator task' },
  { action: 'list the signing keys', useCase: 'manage-signing-keys', cli: 'keys list', api: null, console: null, role: 'admin', only: "the server's own keys, applied when its processes restart: an operator task" },
  { action: 'rotate the signing keys', useCase: 'manage-signing-keys', cli: 'keys rotate', api: null, console: null, role: 'admin', only: "the server's own keys, applied when its processes restart: an operator task" },
  { action: 'retire a signing key', useCase: 'manage-signing-keys', cli: 'keys retire', api: null, console: null, role: 'admin', only: "the server's own keys, applied when its processes restart: an operator task" },
  { action: 'import tokens from another token server', useCase: 'import-tokens', cli: 'token import', api: null, console: null, role: 'admin', only: "a seed file holds every user's second factor: it is read where the server runs, never uploaded through a browser or the API" },
  { action: 'seal the stored secrets again under a new secret key', useCase: 'reseal', cli: 'secrets reseal', api: null, console: null, role: 'admin', only: 'needs the old and the new PINGATE_SECRET_KEY, which only the server has' },
];
