// A real SMTP server in the test process (smtp-server), so emails travel over SMTP from
// nodemailer exactly as in production. Messages are parsed with mailparser and kept for
// assertions. It can be stopped and restarted on the same port to test an SMTP outage.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { after, before } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { DeepPartial } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { RegisterClientInput } from '../../src/usecases/admin/register-client.ts';
import { startTestServer, type TestClient, type TestServer } from './server.ts';

export interface ReceivedEmail {
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly raw: string;
}

export class TestSmtpServer {
  readonly messages: ReceivedEmail[] = [];
  private server: SMTPServer | null = null;
  private waiters: Array<() => void> = [];
  port = 0;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          this.messages.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            raw,
          });
          for (const wake of this.waiters.splice(0)) wake();
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Messages to `to`, waiting up to `timeoutMs` for at least `count` of them. */
  async waitFor(to: string, count = 1, timeoutMs = 5000): Promise<ReceivedEmail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter((m) => m.to === to);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} email(s) to ${to}, got ${found.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  to(address: string): ReceivedEmail[] {
    return this.messages.filter((m) => m.to === address);
  }

  /** The provider's smtp configuration pointing at this server. */
  settings() {
    return { host: '127.0.0.1', port: this.port, secure: false, requireTLS: false, user: '', from: 'Pingate <no-reply@example.test>', connectionTimeoutMs: 2000 };
  }
}

/** The sign-in code in a code email. */
export function codeIn(email: ReceivedEmail): string {
  const match = /^\s+(\d{6,10})\s*$/m.exec(email.text);
  if (!match) throw new Error(`no code in: ${email.text}`);
  return match[1]!;
}

/**
 * Registers before/after hooks in the current describe: this SMTP server, a provider sending
 * through it (with `overrides`), and one first-party client; `ready` receives the last two.
 */
export function withMailingServer(
  smtp: TestSmtpServer,
  overrides: DeepPartial<Config>,
  ready: (server: TestServer, client: TestClient) => void,
  clientOptions: Partial<RegisterClientInput> = {},
): void {
  let server: TestServer | undefined;
  before(async () => {
    await smtp.start();
    server = await startTestServer({ ...overrides, smtp: smtp.settings() });
    ready(server, await server.createClient(clientOptions));
  });
  after(async () => {
    await server?.close();
    await smtp.stop();
  });
}
