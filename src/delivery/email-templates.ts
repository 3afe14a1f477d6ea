// Email bodies from templates in views/email: <name>.txt.njk (plain text, no escaping) and
// <name>.html.njk (HTML, autoescaped). Subjects live here with the list of messages.
import path from 'node:path';
import nunjucks from 'nunjucks';
import { projectRoot } from '../config/load.ts';

export type EmailName = 'signin-code' | 'account-locked' | 'pin-changed' | 'pin-change-required' | 'random-pin';

const subjects: Readonly<Record<EmailName, string>> = {
  'signin-code': 'Your sign-in code',
  'account-locked': 'Your account has been locked',
  'pin-changed': 'Your PIN was changed',
  'pin-change-required': 'Your PIN must be changed',
  'random-pin': 'Your new PIN',
};

export interface EmailTemplates {
  render(name: EmailName, data: Record<string, unknown>): { subject: string; text: string; html: string };
}

export function createEmailTemplates(dir = path.join(projectRoot, 'views', 'email')): EmailTemplates {
  const loader = new nunjucks.FileSystemLoader(dir);
  const text = new nunjucks.Environment(loader, { autoescape: false });
  const html = new nunjucks.Environment(loader, { autoescape: true });
  return {
    render(name, data) {
      return { subject: subjects[name], text: text.render(`${name}.txt.njk`, data), html: html.render(`${name}.html.njk`, data) };
    },
  };
}
