// The messages Pingate sends to users by email: sign-in codes (which must arrive, so failures
// are thrown) and notices (best effort: a failure is logged, never shown to the user, and each
// kind can be switched off in configuration).
import type { Config } from '../config/schema.ts';
import type { Logger } from '../usecases/logger.ts';
import type { Notifier, Recipient } from '../usecases/notifier.ts';
import type { EmailName, EmailTemplates } from './email-templates.ts';
import type { Mailer } from './mailer.ts';

export function createEmailNotifier(mailer: Mailer, templates: EmailTemplates, settings: Config['notifications'], logger: Logger): Notifier {
  const at = (date: Date) => date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const common = (to: Recipient) => ({ name: to.displayName ?? to.username, username: to.username });

  async function notice(enabled: boolean, to: Recipient, name: EmailName, data: Record<string, unknown>): Promise<void> {
    if (!enabled) return;
    if (!to.email || !mailer.enabled) {
      logger.info({ event: 'notification.skipped', notification: name, accountId: to.id, why: to.email ? 'smtp_off' : 'no_email' }, 'notice not sent');
      return;
    }
    try {
      await mailer.send({ to: to.email, ...templates.render(name, { ...common(to), ...data }) });
      logger.info({ event: 'notification.sent', notification: name, accountId: to.id }, 'notice sent');
    } catch (error) {
      logger.warn({ event: 'notification.failed', notification: name, accountId: to.id, cause: (error as { details?: { cause?: string } }).details?.cause }, 'notice could not be sent');
    }
  }

  return {
    canEmail: (to) => mailer.enabled && Boolean(to.email),
    async signinCode(to, code, { ttlSeconds, clientName, now }) {
      await mailer.send({ to: to.email!, ...templates.render('signin-code', { ...common(to), code, minutes: Math.round(ttlSeconds / 60), clientName, time: at(now) }) });
    },
    async randomPin(to, pin, { now }) {
      await mailer.send({ to: to.email!, ...templates.render('random-pin', { ...common(to), pin, time: at(now) }) });
    },
    accountLocked: (to, { now, until }) => notice(settings.accountLocked, to, 'account-locked', { time: at(now), until: until ? at(until) : null }),
    pinChanged: (to, { now, clientName }) => notice(settings.pinChanged, to, 'pin-changed', { time: at(now), clientName }),
    pinChangeRequired: (to, { reason, expiresAt }) => notice(settings.pinChangeRequired, to, 'pin-change-required', { reason, expiresAt: expiresAt ? at(expiresAt) : null }),
  };
}
