// A load balancer for tests: an HTTP proxy that sends each request to the next of several
// provider processes in turn, as a round-robin balancer in front of a deployment would. It adds
// X-Forwarded-For like a real proxy, so per-IP limits see the client. Like nginx
// (proxy_next_upstream error) or HAProxy (retry-on conn-failure), a request that no process took
// (the connection refused, a reused keep-alive connection closed before any answer, a GET reset
// before its answer) goes to the next process: a process that is stopping is passed over.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  readonly url: string;
  readonly port: number;
  /** Requests sent to each target so far. */
  readonly counts: number[];
  /** Requests written whole to a target (its connection established), by method. */
  readonly written: Record<string, number>;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(targets: readonly number[], port = 0): Promise<RoundRobinProxy> {
  let next = 0;
  const counts = targets.map(() => 0);
  const written: Record<string, number> = {};
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    // Each target twice at most: a kept-alive connection may also be closed by a live process
    // (its keep-alive timeout) just as it is reused.
    request.on('end', () => forward(request, response, Buffer.concat(chunks), next++ % targets.length, targets.length * 2));
  });
  /** A retry goes to the target after the one that failed (not the next in the shared turn, which
   * other requests may have moved on to the same one). */
  function forward(request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, index: number, triesLeft: number): void {
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
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // Not taken: refused, or reset before any answer on a kept-alive connection; and, as nginx
      // does for idempotent methods, a GET or HEAD reset before its answer (a connection that
      // reached a process just as it closed its listening socket).
      const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      const idempotent = request.method === 'GET' || request.method === 'HEAD';
      const notTaken = error.code === 'ECONNREFUSED' || (reset && (upstream.reusedSocket || idempotent));
      if (notTaken && !response.headersSent && triesLeft > 1) return forward(request, response, body, (index + 1) % targets.length, triesLeft - 1);
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    upstream.once('finish', () => (written[request.method ?? ''] = (written[request.method ?? ''] ?? 0) + 1));
    upstream.end(body);
  }
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    counts,
    written,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
