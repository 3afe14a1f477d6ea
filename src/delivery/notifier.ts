// The messages Pingate sends to users by email: sign-in codes (which must arrive, so failures
// are thrown) and notices (best effort: a failure is logged, never shown to the user, and each
// kind can be switched off in configuration). Each is in the language of the pages that caused
// it (the default language for those an administrator caused), times in ui.timeZone and UTC.
import type { Config } from '../config/schema.ts';
import type { I18n, Locale, Translator } from '../i18n/index.ts';
import type { Logger } from '../usecases/logger.ts';
import type { Notifier, Recipient } from '../usecases/notifier.ts';
import type { EmailName, EmailTemplates } from './email-templates.ts';
import type { Mailer } from './mailer.ts';

export function createEmailNotifier(mailer: Mailer, templates: EmailTemplates, settings: Config['notifications'], logger: Logger, i18n: I18n): Notifier {
  const common = (to: Recipient) => ({ name: to.displayName ?? to.username, username: to.username });
  const translatorFor = (locale: string | undefined): Translator => i18n.choose({ uiLocales: locale ?? null }) ?? i18n.translator(i18n.defaultLocale as Locale);

  async function notice(enabled: boolean, to: Recipient, name: EmailName, locale: string | undefined, data: (t: Translator) => Record<string, unknown>): Promise<void> {
    if (!enabled) return;
    if (!to.email || !mailer.enabled) {
      logger.info({ event: 'notification.skipped', notification: name, accountId: to.id, why: to.email ? 'smtp_off' : 'no_email' }, 'notice not sent');
      return;
    }
    try {
      const translator = translatorFor(locale);
      await mailer.send({ to: to.email, ...templates.render(name, translator, { ...common(to), ...data(translator) }) });
      logger.info({ event: 'notification.sent', notification: name, accountId: to.id }, 'notice sent');
    } catch (error) {
      logger.warn({ event: 'notification.failed', notification: name, accountId: to.id, cause: (error as { details?: { cause?: string } }).details?.cause }, 'notice could not be sent');
    }
  }

  return {
    enabled: mailer.enabled,
    canEmail: (to) => mailer.enabled && Boolean(to.email),
    async signinCode(to, code, { ttlSeconds, clientName, now, reason, locale }) {
      const translator = translatorFor(locale);
      await mailer.send({
        to: to.email!,
        ...templates.render('signin-code', translator, { ...common(to), code, minutes: Math.max(1, Math.round(ttlSeconds / 60)), clientName, reason, time: translator.dateTime(now) }),
      });
    },
    async randomPin(to, pin, { now, locale }) {
      const translator = translatorFor(locale);
      await mailer.send({ to: to.email!, ...templates.render('random-pin', translator, { ...common(to), pin, time: translator.dateTime(now) }) });
    },
    accountLocked: (to, { now, until, locale }) =>
      notice(settings.accountLocked, to, 'account-locked', locale, (t) => ({ time: t.dateTime(now), until: until ? t.dateTime(until) : null })),
    pinChanged: (to, { now, clientName, locale }) => notice(settings.pinChanged, to, 'pin-changed', locale, (t) => ({ time: t.dateTime(now), clientName })),
    pinChangeRequired: (to, { reason, expiresAt, locale }) =>
      notice(settings.pinChangeRequired, to, 'pin-change-required', locale, (t) => ({ reason, expiresAt: expiresAt ? t.dateTime(expiresAt) : null })),
  };
}
