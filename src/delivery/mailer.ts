// Sends email over SMTP with nodemailer. Connection settings come from configuration, the
// password from SMTP_PASSWORD. A failed send is a DomainError('delivery_failed') carrying no
// server details, so callers can show a clear message without leaking anything.
import nodemailer from 'nodemailer';
import type { Config } from '../config/schema.ts';
import { DomainError } from '../domain/errors.ts';

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface Mailer {
  readonly enabled: boolean;
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

export function createSmtpMailer(smtp: Config['smtp'], password: string | undefined): Mailer {
  if (!smtp.host) {
    return {
      enabled: false,
      async send() {
        throw new DomainError('delivery_failed', 'email is not configured (smtp.host is empty)');
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    ...(smtp.user ? { auth: { user: smtp.user, pass: password ?? '' } } : {}),
    connectionTimeout: smtp.connectionTimeoutMs,
    greetingTimeout: smtp.connectionTimeoutMs,
    socketTimeout: smtp.connectionTimeoutMs * 2,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    enabled: true,
    async send(email) {
      try {
        await transport.sendMail({ from: smtp.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
      } catch (error) {
        throw new DomainError('delivery_failed', 'the email could not be sent', { cause: (error as { code?: string }).code ?? 'unknown' });
      }
    },
    close: () => transport.close(),
  };
}
