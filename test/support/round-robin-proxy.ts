// A load balancer for tests: an HTTP proxy that sends each request to the next of several
// provider processes in turn, as a round-robin balancer in front of a deployment would. It adds
// X-Forwarded-For like a real proxy, so per-IP limits see the client.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  readonly url: string;
  readonly port: number;
  /** Requests sent to each target so far. */
  readonly counts: number[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(targets: readonly number[], port = 0): Promise<RoundRobinProxy> {
  let next = 0;
  const counts = targets.map(() => 0);
  const server = http.createServer((request, response) => {
    const index = next++ % targets.length;
    counts[index]! += 1;
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: targets[index],
        method: request.method,
        path: request.url,
        headers: { ...request.headers, 'x-forwarded-for': request.socket.remoteAddress ?? '127.0.0.1' },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
