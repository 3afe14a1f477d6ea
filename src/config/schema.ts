// One schema for all of Pingate's configuration. Every key is documented here and in
// docs/configuration.md; unknown keys are refused (strict objects) so a typo stops the start.
import { z } from 'zod';
import { groupPinPoliciesSchema, pinPolicySchema } from './pin-policy-schema.ts';
import { contrastRatio, MIN_CONTRAST, PAGE_COLOURS } from './colour-contrast.ts';
import { SHIPPED_LOCALES } from '../i18n/locales.ts';

const seconds = z.number().int().positive();

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const configSchema = z.strictObject({
  /** Public URL of the provider; the `iss` of every token. */
  issuer: z.url(),
  server: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    /** Trust X-Forwarded-* headers (set when behind a reverse proxy). */
    trustProxy: z.boolean(),
    /** How many proxies in front add themselves to X-Forwarded-For: the client IP is read that
     * many entries from the right, so a client cannot choose its own address by sending one. */
    trustedProxyHops: z.number().int().min(1).max(10),
    /** On SIGTERM: seconds to finish the requests already accepted before the rest are cut
     * (below the orchestrator's own grace period: Kubernetes' default is 30 s). */
    shutdownTimeoutSeconds: z.number().int().min(0).max(600),
  }),
  /** Prometheus metrics (docs/operations.md). */
  metrics: z.strictObject({
    /** A port of their own for GET /metrics (0: none; then /metrics is served on the main port,
     * only with the bearer token PINGATE_METRICS_TOKEN). */
    port: z.number().int().min(0).max(65535),
    /** Where that port listens: keep it on a private interface. */
    host: z.string().min(1),
  }),
  database: z.strictObject({
    /** MongoDB connection string (a replica set or sharded cluster); empty: the embedded SQLite file. */
    uri: z.string(),
    /** The embedded SQLite database file, relative to dataDir (or absolute). */
    file: z.string().min(1),
    /** Milliseconds a request waits for another process's write lock on the SQLite file. */
    busyTimeoutMs: z.number().int().min(0).max(60_000),
  }),
  /** Folder for the embedded database and generated development keys; a relative path is
   * resolved against the project's folder. */
  dataDir: z.string().min(1),
  secrets: z.strictObject({
    /** Generate missing keys (signing keys, cookie keys, encryption key) into dataDir once.
     * Off in production: the provider then refuses to start without them. */
    generateMissing: z.boolean(),
  }),
  logging: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    /** Lines for people (pino-pretty) instead of JSON: for `npm run dev`, not for log stores. */
    pretty: z.boolean(),
  }),
  signin: z.strictObject({
    /** Where the PIN sits in a combined passcode: before the tokencode (prepend) or after it (append). */
    pinProcessingOrder: z.enum(['prepend', 'append']),
    /** separate: a PIN field and a tokencode field · combined: one passcode field. */
    passcodeField: z.enum(['separate', 'combined']),
    /** Lifetime of one sign-in flow (the pages between authorize and the redirect back). */
    flowTtlSeconds: seconds,
    /** TOTP time steps accepted before and after the current one. The default (one behind,
     * none ahead) keeps a code valid for 60 s; each step added keeps it 30 s longer. */
    totpWindow: z.strictObject({ behind: z.number().int().min(0).max(5), ahead: z.number().int().min(0).max(5) }),
    /** The `acr` value of a PIN + tokencode sign-in. */
    acr: z.string().min(1),
    /** The `acr` of a sign-in proven by a tokencode alone (the first sign-in of an account
     * with no PIN, which then sets one). */
    acrTokencodeOnly: z.string().min(1),
    /** The `acr` of a PIN + a code sent by email: ranked below an authenticator app's code, so a
     * client that needs the stronger proof can ask for it (acr_values) and refuse this one. */
    acrEmailCode: z.string().min(1),
    /** New PIN attempts allowed in one flow before it must start again. */
    newPinMaxAttempts: z.number().int().min(1).max(20),
  }),
  /** The global PIN policy (see docs/pin-policy.md). */
  pinPolicy: pinPolicySchema,
  /** Per-group overrides of the global policy; an account in several gets the strictest mix. */
  groupPinPolicies: groupPinPoliciesSchema,
  argon2: z.strictObject({
    memoryKiB: z.number().int().min(1024),
    passes: z.number().int().min(1),
    parallelism: z.number().int().min(1).max(16),
    /** Hashes computed at once, the rest queue; 0: one per core (more adds memory, not speed). */
    concurrency: z.number().int().min(0).max(64),
  }),
  totp: z.strictObject({
    /** Issuer shown in authenticator apps. */
    issuerLabel: z.string().min(1),
    algorithm: z.enum(['SHA1', 'SHA256', 'SHA512']),
    digits: z.union([z.literal(6), z.literal(8)]),
    period: z.number().int().min(15).max(120),
  }),
  oidc: z.strictObject({
    idTokenSigningAlg: z.enum(['RS256', 'ES256']),
    /** true: scope claims only at userinfo (strict OIDC) · false: also in the ID token. */
    conformIdTokenClaims: z.boolean(),
    /** Require PKCE (S256) from every client, confidential ones too; false: only public clients. */
    requirePkce: z.boolean(),
    /** Let the provider's own requests (back-channel logout) reach loopback and private-network
     * addresses. oidc-provider refuses them by default against SSRF; in Pingate only
     * administrators register clients, and their applications often live on private networks. */
    allowPrivateNetworkRequests: z.boolean(),
    /** A public client whose redirect URIs any local program could receive (loopback, custom
     * scheme, http) cannot prove who it is: the user confirms every request it makes, even a
     * first-party one's (ASVS 10.7.1). false: such clients are treated like the others. */
    alwaysConsentForUnassuredClients: z.boolean(),
    logout: z.strictObject({
      /** An RP-initiated logout whose id_token_hint names the browser's current session signs
       * out at once; false: the user always confirms. Without a valid hint the user confirms. */
      skipConfirmationWithIdTokenHint: z.boolean(),
      /** A server-to-server end_session (no session cookie, a valid id_token_hint: Keycloak's
       * "Backchannel logout" to an identity provider) ends the session the hint's sid names. */
      serverToServer: z.boolean(),
    }),
    ttl: z.strictObject({
      accessToken: seconds,
      idToken: seconds,
      refreshToken: seconds,
      grant: seconds,
      interaction: seconds,
      clientCredentials: seconds,
      /** How long a device's user code can be entered (device authorization grant). */
      deviceCode: seconds,
    }),
  }),
  smtp: z.strictObject({
    /** SMTP server for emailed codes and notices; empty host disables email (email tokens then
     * cannot sign in, and notices are skipped with a log line). */
    host: z.string(),
    port: z.number().int().min(1).max(65535),
    /** true: TLS from the first byte (port 465) · false: STARTTLS when offered. */
    secure: z.boolean(),
    /** Refuse to send unless the server upgrades with STARTTLS. */
    requireTLS: z.boolean(),
    /** SMTP user; the password comes from SMTP_PASSWORD only. */
    user: z.string(),
    /** Sender address, e.g. "Pingate <no-reply@example.com>". */
    from: z.string().min(3),
    connectionTimeoutMs: z.number().int().min(100).max(120_000),
  }),
  emailCode: z.strictObject({
    /** Digits of an emailed code. */
    length: z.number().int().min(6).max(10),
    ttlSeconds: z.number().int().min(30).max(3600),
    /** Seconds between two sends in one sign-in. */
    resendCooldownSeconds: z.number().int().min(0).max(3600),
    /** Codes sent in one sign-in, the first included. */
    maxSends: z.number().int().min(1).max(20),
    /** A new code makes the earlier ones of the same sign-in invalid. */
    invalidatePrevious: z.boolean(),
  }),
  lockout: z.strictObject({
    /** Consecutive failures (wrong PIN, wrong code, an emailed code) that lock the account. */
    maxFailures: z.number().int().min(1).max(100),
    /** How long a lock lasts; 0: until an administrator unlocks the account. */
    lockSeconds: z.number().int().min(0),
    /** RSA's Next Tokencode mode: after this many consecutive failures (and below maxFailures),
     * a correct passcode must be followed by the next tokencode. 0: off. */
    nextTokencodeAfter: z.number().int().min(0).max(99),
  }),
  sessions: z.strictObject({
    /** A sign-in session not used for this long ends (each authorization request that reuses
     * it counts as use). Refresh tokens without offline_access end with it. */
    idleTimeoutSeconds: z.number().int().min(1),
    /** A sign-in session ends this long after its sign-in, used or not. */
    maxLifetimeSeconds: z.number().int().min(1),
    /** Which actions end every session and token of the account (they stop working at once;
     * the user signs in again). */
    endOn: z.strictObject({
      accountDisable: z.boolean(),
      /** The lock after too many failures. */
      accountLock: z.boolean(),
      /** An administrator's PIN reset. */
      pinReset: z.boolean(),
      /** An administrator's forced PIN change (one account; for a group or everyone the sessions
       * are voided without deleting their records). */
      pinForceChange: z.boolean(),
      /** The user's own PIN change: every other session ends. */
      pinChange: z.boolean(),
      tokenDisable: z.boolean(),
      tokenRemove: z.boolean(),
    }),
  }),
  rateLimit: z.strictObject({
    windowSeconds: z.number().int().min(1),
    /** Sign-in submissions per client IP per window. */
    perIp: z.number().int().min(1),
    /** Sign-in submissions per username per window. */
    perUsername: z.number().int().min(1),
    /** Administration API requests per client per window. */
    adminPerClient: z.number().int().min(1),
    /** Forgotten-PIN emails per account per hour (they do not count toward the lock). */
    recoveryEmailsPerHour: z.number().int().min(1).max(100),
    /** Failed client authentications (token, introspection, revocation, PAR) per client id and
     * IP per window, and ten times that per IP across client ids; beyond it those endpoints
     * answer 429 to that client id from that IP (or to the IP) until the window ends. */
    clientAuthFailures: z.number().int().min(1),
    /** Validate API checks per caller (service client) per window; each check also counts
     * toward perUsername for the user it names. */
    validatePerCaller: z.number().int().min(1),
  }),
  notifications: z.strictObject({
    /** Email when the PIN must be changed (forced, or expiry within expiryWarningDays). */
    pinChangeRequired: z.boolean(),
    /** Email after a PIN change, with the time and the client. */
    pinChanged: z.boolean(),
    /** Email when the account is locked. */
    accountLocked: z.boolean(),
  }),
  selfService: z.strictObject({
    /** An account without a token may enrol a TOTP token during sign-in (after an emailed
     * code, or an enrolment code from the helpdesk). */
    totpEnrolment: z.boolean(),
    /** Let an account with an email token (and no authenticator) reset a forgotten PIN with
     * the emailed code alone. Off by default: the mailbox would then be the only factor, and
     * the next sign-in would still claim PIN + code. Such users go to the helpdesk. */
    pinRecoveryWithEmailOnly: z.boolean(),
    /** Hours an enrolment code from the helpdesk stays valid. */
    enrolmentCodeTtlHours: z.number().int().min(1).max(720),
  }),
  ui: z.strictObject({
    /** The language of pages and emails when neither ui_locales nor Accept-Language names one
     * of `locales`. */
    defaultLocale: z.enum(SHIPPED_LOCALES),
    /** The languages offered, from those shipped (locales/<tag>.json). */
    locales: z.array(z.enum(SHIPPED_LOCALES)).min(1),
    /** IANA time zone of the times in emails and on pages (UTC is always given beside it). */
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Berlin'),
    /** The name shown on every page and in emails instead of "Pingate". */
    productName: z.string().min(1).max(60),
    /** A PNG, SVG, JPEG or WebP shown above every page ("" for none), served at /static/brand-logo. */
    logoFile: z.string(),
    /** The logo's text alternative ("" when productName, shown beside it, says it all). */
    logoAlt: z.string().max(120),
    /** Accent colour of buttons and links on light pages, and on dark pages; each must keep
     * 4.5:1 contrast (checked at start) with the card and with white or near-black text. */
    accentColour: hexColour,
    accentColourDark: hexColour,
    /** Who users contact for help, shown on error pages, in emails and where a page says
     * "contact your helpdesk". Any of them may be "". */
    support: z.strictObject({
      name: z.string().max(80),
      email: z.string().max(120),
      phone: z.string().max(40),
      url: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
    }),
    /** A folder searched before views/ for templates of the same name ("" for none). */
    templatesDir: z.string(),
  }).superRefine((ui, check) => {
    const judge = (key: 'accentColour' | 'accentColourDark', against: readonly string[]) => {
      const worst = Math.min(...against.map((colour) => contrastRatio(ui[key], colour)));
      if (worst < MIN_CONTRAST) check.addIssue({ code: 'custom', path: [key], message: `contrast ${worst.toFixed(2)}:1 with the page is below ${MIN_CONTRAST}:1` });
    };
    judge('accentColour', [PAGE_COLOURS.lightCard, PAGE_COLOURS.lightButtonText]);
    judge('accentColourDark', [PAGE_COLOURS.darkCard, PAGE_COLOURS.darkButtonText]);
    if (!ui.locales.includes(ui.defaultLocale)) check.addIssue({ code: 'custom', path: ['defaultLocale'], message: 'must be one of ui.locales' });
  }),
  console: z
    .strictObject({
      /** Members of these groups sign in to the web console (/console) as administrators:
       * every action, clients included. Empty (the default) and with no helpdesk groups: the
       * console lets nobody in. */
      adminGroups: z.array(z.string().min(1).max(64)).max(50),
      /** Members of these groups sign in as the helpdesk: read accounts and the audit log,
       * unlock, reset a PIN to a random one, force a PIN change, issue an enrolment code, end
       * sessions; never a known PIN, a client, or an administrator's account. */
      helpdeskGroups: z.array(z.string().min(1).max(64)).max(50),
      /** Minutes without a request after which the console asks for a new sign-in. */
      idleTimeoutMinutes: z.number().int().min(1).max(240),
      /** Hours after the sign-in after which the console asks for a new one, however busy. */
      maxSessionHours: z.number().int().min(1).max(24),
    })
    .superRefine((console, check) => {
      const both = console.adminGroups.filter((group) => console.helpdeskGroups.includes(group));
      if (both.length) check.addIssue({ code: 'custom', path: ['helpdeskGroups'], message: `a group cannot be both admin and helpdesk: ${both.join(', ')}` });
    }),
  audit: z.strictObject({
    /** A copy of every audit record, as it is written, to a syslog collector (RFC 5424 over TCP,
     * one line each), so the trail also lives where Pingate cannot rewrite it. Empty host: off. */
    forwardSyslog: z.strictObject({
      host: z.string(),
      port: z.number().int().min(1).max(65535),
      /** TLS to the collector (syslog over TLS, usually port 6514). */
      tls: z.boolean(),
      /** Syslog facility: 13 is "log audit" (RFC 5424), 10 "security/authorization". */
      facility: z.number().int().min(0).max(23),
      /** Records held in memory while the collector is unreachable; the oldest go first. */
      queueMaxRecords: z.number().int().min(1).max(1_000_000),
    }),
  }),
  demo: z.strictObject({
    /** Serve the demo relying party under /demo and seed the demo account and client. */
    enabled: z.boolean(),
  }),
});

export type Config = z.infer<typeof configSchema>;
