// Who may do what in the web console: the role comes from the account's groups at every request
// (so leaving a group takes effect at once), administrators first. The helpdesk's limits are the
// API's `helpdesk` scope's, plus one the console adds: it never acts on an administrator.

export type ConsoleRole = 'admin' | 'helpdesk';

export interface ConsoleGroups {
  readonly adminGroups: readonly string[];
  readonly helpdeskGroups: readonly string[];
}

/** The account's console role, or null when it has none. */
export function consoleRole(groups: readonly string[], config: ConsoleGroups): ConsoleRole | null {
  if (groups.some((group) => config.adminGroups.includes(group))) return 'admin';
  if (groups.some((group) => config.helpdeskGroups.includes(group))) return 'helpdesk';
  return null;
}

/** Whether someone acting with `role` may change the account with `groups`: the helpdesk may not
 * change an administrator's account (it could otherwise reset an administrator's PIN and sign in
 * as them). */
export function mayManage(role: ConsoleRole, groups: readonly string[], config: ConsoleGroups): boolean {
  return role === 'admin' || consoleRole(groups, config) !== 'admin';
}

export interface ConsoleSessionTimes {
  /** When the person signed in (the sign-in's auth_time). */
  readonly signedInAt: Date;
  /** The last request the console answered. */
  readonly lastSeenAt: Date;
}

export interface ConsoleSessionLimits {
  readonly idleTimeoutMinutes: number;
  readonly maxSessionHours: number;
}

/** Why a console session no longer stands, or null while it does. */
export function consoleSessionEnded(times: ConsoleSessionTimes, now: Date, limits: ConsoleSessionLimits): 'idle' | 'too_old' | null {
  if (now.getTime() - times.signedInAt.getTime() > limits.maxSessionHours * 3_600_000) return 'too_old';
  if (now.getTime() - times.lastSeenAt.getTime() > limits.idleTimeoutMinutes * 60_000) return 'idle';
  return null;
}
