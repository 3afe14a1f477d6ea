// A relying party's back-channel logout endpoint for the tests: an HTTP server that keeps every
// logout token posted to it, by the path it was posted to (one path per client).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LogoutListener {
  /** The listener's origin; a client's back-channel logout URI is this plus a path. */
  readonly url: string;
  /** Logout tokens received, by path. */
  readonly received: Map<string, string[]>;
  close(): void;
}

export async function startLogoutListener(): Promise<LogoutListener> {
  const received = new Map<string, string[]>();
  const listener = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const list = received.get(req.url!) ?? [];
      list.push(new URLSearchParams(body).get('logout_token') ?? '');
      received.set(req.url!, list);
      res.end();
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`, received, close: () => listener.close() };
}
