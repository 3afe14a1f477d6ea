// Email bodies from templates in views/email (after ui.templatesDir/email when set):
// <name>.txt.njk (plain text, no escaping) and <name>.html.njk (HTML, autoescaped), both in the
// recipient's language through the same catalogues as the pages. Subjects are catalogue messages.
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Config } from '../config/schema.ts';
import { defaultViewsDir, templatesFolder } from '../http/views.ts';
import type { Brand } from '../http/brand.ts';
import type { Translator } from '../i18n/index.ts';

export type EmailName = 'signin-code' | 'account-locked' | 'pin-changed' | 'pin-change-required' | 'random-pin';

const subjects: Readonly<Record<EmailName, string>> = {
  'signin-code': 'email.signin_code.subject',
  'account-locked': 'email.account_locked.subject',
  'pin-changed': 'email.pin_changed.subject',
  'pin-change-required': 'email.pin_change_required.subject',
  'random-pin': 'email.random_pin.subject',
};

export interface EmailTemplates {
  render(name: EmailName, translator: Translator, data: Record<string, unknown>): { subject: string; text: string; html: string };
}

export function createEmailTemplates(ui: Config['ui'], brand: Brand, viewsDir = defaultViewsDir): EmailTemplates {
  const dirs = [...(ui.templatesDir ? [path.join(templatesFolder(ui.templatesDir), 'email')] : []), path.join(viewsDir, 'email')];
  const loader = new nunjucks.FileSystemLoader(dirs);
  const text = new nunjucks.Environment(loader, { autoescape: false });
  const html = new nunjucks.Environment(loader, { autoescape: true });
  const support = brand.support;
  const supportLine = support ? [support.name, support.email, support.phone, support.url].filter(Boolean).join(', ') : null;
  return {
    render(name, translator, data) {
      const common = { brand, supportLine, accent: ui.accentColour, lang: translator.locale, dir: translator.dir };
      const subjectId = name === 'signin-code' && data.reason === 'recovery' ? 'email.recovery_code.subject' : subjects[name];
      const subject = translator.text(subjectId, { client: String(data.clientName ?? ''), product: brand.name });
      return {
        subject,
        text: text.render(`${name}.txt.njk`, { ...common, ...data, subject, t: translator.text }),
        html: html.render(`${name}.html.njk`, { ...common, ...data, subject, t: translator.t }),
      };
    },
  };
}
