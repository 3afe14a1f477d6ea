// Every action the web console offers, in one table: who may take it, what it acts on, the
// fields its confirmation page asks for, and the use case it calls (the same one the CLI and the
// API call: usecases/admin/actions.ts names each action's console entry, and the parity test
// checks this table against that list). Each action is confirmed on a page that says what will
// happen, posted with the console's CSRF token, and audited by its use case with the console
// user as the actor.
import QRCode from 'qrcode';
import type { ConsoleRole } from '../../domain/console-role.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AdminDependencies } from '../../usecases/admin/dependencies.ts';
import { enrolEmailToken } from '../../usecases/admin/enrol-email-token.ts';
import { enrolTotp } from '../../usecases/admin/enrol-totp.ts';
import { forcePinChange } from '../../usecases/admin/force-pin-change.ts';
import { issueEnrolmentCode } from '../../usecases/admin/issue-enrolment-code.ts';
import { deleteAccount, setAccountEnabled, updateAccount } from '../../usecases/admin/manage-account.ts';
import { createAccount } from '../../usecases/admin/create-account.ts';
import { removeClient, setClientEnabled, updateClient } from '../../usecases/admin/manage-clients.ts';
import { revokeEveryonesSessions, revokeSessions } from '../../usecases/admin/manage-sessions.ts';
import { deleteToken, resyncTotp, setTokenEnabled } from '../../usecases/admin/manage-tokens.ts';
import { registerClient } from '../../usecases/admin/register-client.ts';
import { registerServiceClient } from '../../usecases/admin/register-service-client.ts';
import { resetPin } from '../../usecases/admin/reset-pin.ts';
import { rotateClientSecret } from '../../usecases/admin/rotate-client-secret.ts';
import { setPin } from '../../usecases/admin/set-pin.ts';
import { unlockAccount } from '../../usecases/admin/unlock-account.ts';

export type ConsoleTarget = 'account' | 'token' | 'client' | 'none';

export interface ConsoleField {
  readonly name: string;
  readonly type: 'text' | 'password' | 'email' | 'lines' | 'checkbox' | 'choice';
  /** The values of a choice, the first one chosen unless the form says otherwise. */
  readonly options?: readonly string[];
  readonly required?: boolean;
  /** Digits only (codes): a numeric keypad on phones. */
  readonly numeric?: boolean;
}

/** What the action is about, as the confirmation page names it. */
export interface ConsoleSubject {
  readonly username?: string;
  readonly serial?: string;
  readonly clientId?: string;
}

/** Shown once on the page that answers the action (a PIN, a code, a key, a secret). */
export interface ShownOnce {
  readonly kind: 'pin' | 'enrolment_code' | 'totp' | 'client_secret';
  readonly value: string;
  readonly qr?: string;
  readonly otpauthUri?: string;
  readonly expiresAt?: Date;
}

export type ConsoleActionResult = { readonly notice: string; readonly back: string } | { readonly once: ShownOnce; readonly back: string };

export interface ConsoleAction {
  readonly name: string;
  /** The least role that may take it. */
  readonly role: ConsoleRole;
  readonly target: ConsoleTarget;
  readonly fields: readonly ConsoleField[];
  /** A red button: what it does cannot be undone. */
  readonly destructive?: boolean;
  run(deps: AdminDependencies, subject: ConsoleSubject, form: Readonly<Record<string, string | undefined>>): Promise<ConsoleActionResult>;
}

const accountPage = (username: string) => `/console/accounts/${encodeURIComponent(username)}`;
const clientPage = (clientId: string) => `/console/clients/${encodeURIComponent(clientId)}`;
const lines = (value: string | undefined): string[] => (value ?? '').split(/[\r\n]+/).map((line) => line.trim()).filter(Boolean);
const list = (value: string | undefined): string[] => (value ?? '').split(/[\s,]+/).map((item) => item.trim()).filter(Boolean);
const checked = (value: string | undefined): boolean => value === 'on';
const optional = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);
const need = (subject: ConsoleSubject, key: keyof ConsoleSubject): string => {
  const value = subject[key];
  if (!value) throw new DomainError('invalid_input', `this action needs a ${key}`);
  return value;
};
const done = (notice: string, back: string): ConsoleActionResult => ({ notice, back });

const action = (name: string, role: ConsoleRole, target: ConsoleTarget, run: ConsoleAction['run'], fields: readonly ConsoleField[] = [], destructive = false): ConsoleAction => ({
  name,
  role,
  target,
  fields,
  destructive,
  run,
});

export const CONSOLE_ACTIONS: readonly ConsoleAction[] = [
  // An account
  action('create_account', 'admin', 'none', async (deps, _subject, form) => {
    const account = await createAccount(deps, { username: form.username ?? '', email: optional(form.email), displayName: optional(form.name), groups: list(form.groups) });
    return done('create_account', accountPage(account.username));
  }, [{ name: 'username', type: 'text', required: true }, { name: 'name', type: 'text' }, { name: 'email', type: 'email' }, { name: 'groups', type: 'text' }]),
  action('update_account', 'admin', 'account', async (deps, subject, form) => {
    const account = await updateAccount(deps, need(subject, 'username'), { email: optional(form.email), displayName: optional(form.name), groups: list(form.groups) });
    return done('update_account', accountPage(account.username));
  }, [{ name: 'name', type: 'text' }, { name: 'email', type: 'email' }, { name: 'groups', type: 'text' }]),
  action('unlock', 'helpdesk', 'account', async (deps, subject) => {
    await unlockAccount(deps, need(subject, 'username'));
    return done('unlock', accountPage(subject.username!));
  }),
  action('reset_pin', 'helpdesk', 'account', async (deps, subject, form) => {
    const delivery = form.delivery === 'email' ? 'email' : form.delivery === 'clear' ? undefined : 'show';
    const result = await resetPin(deps, need(subject, 'username'), { temporaryPin: delivery });
    if ('randomPin' in result) return { once: { kind: 'pin', value: result.randomPin }, back: accountPage(subject.username!) };
    return done('emailed' in result ? 'reset_pin_emailed' : 'reset_pin', accountPage(subject.username!));
  }, [{ name: 'delivery', type: 'choice', options: ['show', 'email', 'clear'] }]),
  action('set_pin', 'admin', 'account', async (deps, subject, form) => {
    await setPin(deps, need(subject, 'username'), form.pin ?? '', { waiveChangeOnFirstUse: checked(form.waive) });
    return done('set_pin', accountPage(subject.username!));
  }, [{ name: 'pin', type: 'password', required: true }, { name: 'waive', type: 'checkbox' }]),
  action('force_pin_change', 'helpdesk', 'account', async (deps, subject) => {
    await forcePinChange(deps, { username: need(subject, 'username') });
    return done('force_pin_change', accountPage(subject.username!));
  }),
  action('issue_enrolment_code', 'helpdesk', 'account', async (deps, subject) => {
    const issued = await issueEnrolmentCode(deps, need(subject, 'username'));
    return { once: { kind: 'enrolment_code', value: issued.code, expiresAt: issued.expiresAt }, back: accountPage(subject.username!) };
  }),
  action('end_sessions', 'helpdesk', 'account', async (deps, subject) => {
    await revokeSessions(deps, need(subject, 'username'));
    return done('end_sessions', accountPage(subject.username!));
  }),
  action('assign_totp', 'admin', 'account', async (deps, subject) => {
    const enrolled = await enrolTotp(deps, { username: need(subject, 'username') });
    return { once: { kind: 'totp', value: enrolled.secret, otpauthUri: enrolled.otpauthUri, qr: await QRCode.toDataURL(enrolled.otpauthUri, { margin: 1 }) }, back: accountPage(subject.username!) };
  }),
  action('assign_email_token', 'admin', 'account', async (deps, subject) => {
    await enrolEmailToken(deps, need(subject, 'username'));
    return done('assign_email_token', accountPage(subject.username!));
  }),
  action('disable_account', 'admin', 'account', async (deps, subject) => {
    await setAccountEnabled(deps, need(subject, 'username'), false);
    return done('disable_account', accountPage(subject.username!));
  }),
  action('enable_account', 'admin', 'account', async (deps, subject) => {
    await setAccountEnabled(deps, need(subject, 'username'), true);
    return done('enable_account', accountPage(subject.username!));
  }),
  action('remove_account', 'admin', 'account', async (deps, subject) => {
    await deleteAccount(deps, need(subject, 'username'));
    return done('remove_account', '/console');
  }, [], true),

  // A token (its account is the page to go back to)
  action('disable_token', 'admin', 'token', async (deps, subject) => {
    await setTokenEnabled(deps, need(subject, 'serial'), false);
    return done('disable_token', accountPage(need(subject, 'username')));
  }),
  action('enable_token', 'admin', 'token', async (deps, subject) => {
    await setTokenEnabled(deps, need(subject, 'serial'), true);
    return done('enable_token', accountPage(need(subject, 'username')));
  }),
  action('remove_token', 'admin', 'token', async (deps, subject) => {
    await deleteToken(deps, need(subject, 'serial'));
    return done('remove_token', accountPage(need(subject, 'username')));
  }, [], true),
  action('resync_token', 'admin', 'token', async (deps, subject, form) => {
    await resyncTotp(deps, need(subject, 'serial'), form.code1 ?? '', form.code2 ?? '');
    return done('resync_token', accountPage(need(subject, 'username')));
  }, [{ name: 'code1', type: 'text', required: true, numeric: true }, { name: 'code2', type: 'text', required: true, numeric: true }]),

  // Everyone
  action('force_group_pin_change', 'admin', 'none', async (deps, _subject, form) => {
    await forcePinChange(deps, checked(form.everyone) ? { all: true } : { group: form.group ?? '' });
    return done('force_group_pin_change', '/console/policy');
  }, [{ name: 'group', type: 'text' }, { name: 'everyone', type: 'checkbox' }]),
  action('end_everyones_sessions', 'admin', 'none', async (deps) => {
    await revokeEveryonesSessions(deps);
    return done('end_everyones_sessions', '/console');
  }, [], true),

  // Clients
  action('register_client', 'admin', 'none', async (deps, _subject, form) => {
    const metadata = await registerClient(deps, {
      clientId: form.client_id ?? '',
      name: optional(form.name) ?? undefined,
      redirectUris: lines(form.redirect_uris),
      postLogoutRedirectUris: lines(form.post_logout_redirect_uris),
      public: checked(form.public),
      device: checked(form.device),
      firstParty: checked(form.first_party),
    });
    const back = clientPage(metadata.client_id);
    return metadata.client_secret ? { once: { kind: 'client_secret', value: metadata.client_secret }, back } : done('register_client', back);
  }, [{ name: 'client_id', type: 'text', required: true }, { name: 'name', type: 'text' }, { name: 'redirect_uris', type: 'lines' }, { name: 'post_logout_redirect_uris', type: 'lines' }, { name: 'public', type: 'checkbox' }, { name: 'device', type: 'checkbox' }, { name: 'first_party', type: 'checkbox' }]),
  action('register_service_client', 'admin', 'none', async (deps, _subject, form) => {
    const scopes = ['admin', 'helpdesk', 'validate'].filter((scope) => checked(form[`scope_${scope}`]));
    const metadata = await registerServiceClient(deps, { clientId: form.client_id ?? '', name: optional(form.name) ?? undefined, scopes });
    return { once: { kind: 'client_secret', value: metadata.client_secret! }, back: clientPage(metadata.client_id) };
  }, [{ name: 'client_id', type: 'text', required: true }, { name: 'name', type: 'text' }, { name: 'scope_admin', type: 'checkbox' }, { name: 'scope_helpdesk', type: 'checkbox' }, { name: 'scope_validate', type: 'checkbox' }]),
  action('update_client', 'admin', 'client', async (deps, subject, form) => {
    const redirectUris = lines(form.redirect_uris);
    await updateClient(deps, need(subject, 'clientId'), {
      name: optional(form.name),
      ...(redirectUris.length ? { redirectUris } : {}),
      postLogoutRedirectUris: lines(form.post_logout_redirect_uris),
      firstParty: checked(form.first_party),
    });
    return done('update_client', clientPage(subject.clientId!));
  }, [{ name: 'name', type: 'text' }, { name: 'redirect_uris', type: 'lines' }, { name: 'post_logout_redirect_uris', type: 'lines' }, { name: 'first_party', type: 'checkbox' }]),
  action('disable_client', 'admin', 'client', async (deps, subject) => {
    await setClientEnabled(deps, need(subject, 'clientId'), false);
    return done('disable_client', clientPage(subject.clientId!));
  }),
  action('enable_client', 'admin', 'client', async (deps, subject) => {
    await setClientEnabled(deps, need(subject, 'clientId'), true);
    return done('enable_client', clientPage(subject.clientId!));
  }),
  action('rotate_client_secret', 'admin', 'client', async (deps, subject) => {
    const rotated = await rotateClientSecret(deps, need(subject, 'clientId'));
    return { once: { kind: 'client_secret', value: rotated.clientSecret }, back: clientPage(subject.clientId!) };
  }),
  action('remove_client', 'admin', 'client', async (deps, subject) => {
    await removeClient(deps, need(subject, 'clientId'));
    return done('remove_client', '/console/clients');
  }, [], true),
];

export const consoleAction = (name: string): ConsoleAction | undefined => CONSOLE_ACTIONS.find((candidate) => candidate.name === name);

/** Whether `role` may take `action`. */
export const mayTake = (role: ConsoleRole, action: ConsoleAction): boolean => action.role === 'helpdesk' || role === 'admin';
