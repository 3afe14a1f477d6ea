// Every administrative action and where it is offered: the `pingate` command, the administration
// API, or (deliberately) only one of them, with the reason. docs/admin.md is written from this
// list, and test/integration/admin-parity.test.ts fails when the CLI or the API offers an action
// this list does not name, or lacks one it names. One use case serves each action everywhere.
export interface AdminAction {
  readonly action: string;
  readonly useCase: string;
  /** The `pingate` command (without arguments), or null with `only` saying why. */
  readonly cli: string | null;
  /** "METHOD /path" of the administration API (OpenAPI path syntax), or null with `only`. */
  readonly api: string | null;
  /** Why the action is offered in one place only. */
  readonly only?: string;
}

export const ADMIN_ACTIONS: readonly AdminAction[] = [
  { action: 'create an account', useCase: 'create-account', cli: 'account add', api: 'POST /accounts' },
  { action: 'search accounts', useCase: 'manage-account', cli: 'account list', api: 'GET /accounts' },
  { action: 'show an account', useCase: 'show-account', cli: 'account show', api: 'GET /accounts/{username}' },
  { action: 'update an account', useCase: 'manage-account', cli: 'account update', api: 'PATCH /accounts/{username}' },
  { action: 'disable an account', useCase: 'manage-account', cli: 'account disable', api: 'POST /accounts/{username}/disable' },
  { action: 'enable an account', useCase: 'manage-account', cli: 'account enable', api: 'POST /accounts/{username}/enable' },
  { action: 'remove an account', useCase: 'manage-account', cli: 'account remove', api: 'DELETE /accounts/{username}' },
  { action: 'unlock an account', useCase: 'unlock-account', cli: 'account unlock', api: 'POST /accounts/{username}/unlock' },
  { action: "show an account's effective PIN policy", useCase: 'show-policy', cli: 'policy show', api: 'GET /accounts/{username}/policy' },
  { action: 'set a known PIN', useCase: 'set-pin', cli: 'pin set', api: 'PUT /accounts/{username}/pin' },
  { action: 'reset a PIN', useCase: 'reset-pin', cli: 'pin reset', api: 'POST /accounts/{username}/pin/reset' },
  { action: "force an account's PIN change", useCase: 'force-pin-change', cli: 'pin force-change', api: 'POST /accounts/{username}/pin/force-change' },
  { action: "force a group's or everyone's PIN change", useCase: 'force-pin-change', cli: 'pin force-change', api: 'POST /pin/force-change' },
  { action: 'email the PIN expiry warnings', useCase: 'warn-expiring', cli: 'pin warn-expiring', api: null, only: 'a daily job the operator schedules on the server' },
  { action: "list an account's tokens", useCase: 'manage-tokens', cli: 'token list', api: 'GET /accounts/{username}/tokens' },
  { action: 'assign a TOTP token', useCase: 'enrol-totp', cli: 'token add-totp', api: 'POST /accounts/{username}/tokens' },
  { action: 'assign an email token', useCase: 'enrol-email-token', cli: 'token add-email', api: 'POST /accounts/{username}/tokens' },
  { action: 'issue an enrolment code', useCase: 'issue-enrolment-code', cli: 'token enrolment-code', api: 'POST /accounts/{username}/enrolment-code' },
  { action: 'disable a token', useCase: 'manage-tokens', cli: 'token disable', api: 'POST /tokens/{serial}/disable' },
  { action: 'enable a token', useCase: 'manage-tokens', cli: 'token enable', api: 'POST /tokens/{serial}/enable' },
  { action: 'remove a token', useCase: 'manage-tokens', cli: 'token remove', api: 'DELETE /tokens/{serial}' },
  { action: 'resynchronise a TOTP token', useCase: 'manage-tokens', cli: 'token resync', api: 'POST /tokens/{serial}/resync' },
  { action: "list an account's sessions", useCase: 'manage-sessions', cli: 'session list', api: 'GET /accounts/{username}/sessions' },
  { action: "end an account's sessions", useCase: 'manage-sessions', cli: 'session revoke', api: 'DELETE /accounts/{username}/sessions' },
  { action: "end everyone's sessions", useCase: 'manage-sessions', cli: 'session revoke', api: 'DELETE /sessions' },
  { action: 'register a relying party', useCase: 'register-client', cli: 'client add', api: 'POST /clients' },
  { action: 'register a service client', useCase: 'register-service-client', cli: 'client add-service', api: 'POST /clients/service' },
  { action: 'list clients', useCase: 'manage-clients', cli: 'client list', api: 'GET /clients' },
  { action: 'show a client', useCase: 'manage-clients', cli: 'client show', api: 'GET /clients/{clientId}' },
  { action: 'update a client', useCase: 'manage-clients', cli: 'client update', api: 'PATCH /clients/{clientId}' },
  { action: 'disable a client', useCase: 'manage-clients', cli: 'client disable', api: 'POST /clients/{clientId}/disable' },
  { action: 'enable a client', useCase: 'manage-clients', cli: 'client enable', api: 'POST /clients/{clientId}/enable' },
  { action: 'remove a client', useCase: 'manage-clients', cli: 'client remove', api: 'DELETE /clients/{clientId}' },
  { action: "rotate a client's secret", useCase: 'rotate-client-secret', cli: 'client rotate-secret', api: 'POST /clients/{clientId}/rotate-secret' },
  { action: 'search the audit log', useCase: 'audit', cli: 'audit', api: 'GET /audit' },
  { action: 'export the database', useCase: 'db', cli: 'db export', api: null, only: 'a file on the server, every secret sealed: an operator task, not a remote one' },
  { action: 'import the database', useCase: 'db', cli: 'db import', api: null, only: 'replaces the data on the server: an operator task' },
  { action: 'back up the database', useCase: 'db', cli: 'db backup', api: null, only: 'a file on the server: an operator task' },
];
