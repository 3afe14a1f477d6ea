// Emails sent and failed, counted at the one place every email goes through.
import type { Mailer } from '../delivery/mailer.ts';
import type { Metrics } from './registry.ts';

export function countedMailer(mailer: Mailer, metrics: Metrics): Mailer {
  return {
    enabled: mailer.enabled,
    async send(email) {
      try {
        await mailer.send(email);
        metrics.emails.inc({ outcome: 'sent' });
      } catch (error) {
        metrics.emails.inc({ outcome: 'failed' });
        throw error;
      }
    },
    close: () => mailer.close(),
  };
}
