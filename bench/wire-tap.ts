// A counting TCP proxy for the MongoDB wire protocol, for the diagnostic script only
// (bench/db-commands.ts): it sits between the provider and the database, reads each OP_MSG
// command (name, collection, filter fields) and times it until its reply. It adds a hop in
// this process, so timings taken through it are not benchmark figures.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';

const OP_MSG = 2013;
const { BSON } = mongoose.mongo;

export interface CommandStat {
  count: number;
  totalMs: number;
}

export interface WireTap {
  /** mongodb:// URI of the proxy (same path and query as the target). */
  readonly uri: string;
  /** Counts since the last reset, keyed "command collection {filter fields}". */
  take(): Map<string, CommandStat>;
  close(): Promise<void>;
}

type Doc = Record<string, unknown>;

/** "find accounts {username}": what the command does and on which fields it filters. */
export function describeCommand(body: Doc, sequences: Readonly<Record<string, Doc[]>>): string {
  const name = Object.keys(body)[0] ?? '?';
  const target = typeof body[name] === 'string' ? String(body[name]) : '';
  const fields = (filter: unknown): string => (filter && typeof filter === 'object' ? `{${Object.keys(filter as Doc).join(',')}}` : '');
  const first = (key: string): Doc | undefined => ((body[key] as Doc[] | undefined) ?? sequences[key])?.[0];
  switch (name) {
    case 'find':
    case 'count':
      return `${name} ${target} ${fields(body.filter ?? body.query)}`;
    case 'findAndModify':
      return `${name} ${target} ${fields(body.query)}`;
    case 'update':
      return `${name} ${target} ${fields(first('updates')?.q)}`;
    case 'delete':
      return `${name} ${target} ${fields(first('deletes')?.q)}`;
    case 'aggregate':
      return `${name} ${target} ${fields((first('pipeline') as Doc | undefined)?.$match)}`;
    default:
      return `${name} ${target}`.trim();
  }
}

function parseOpMsg(message: Buffer): string | null {
  if (message.readInt32LE(12) !== OP_MSG) return null;
  let offset = 20; // header (16) + flagBits (4)
  let body: Doc | null = null;
  const sequences: Record<string, Doc[]> = {};
  while (offset < message.length - ((message.readUInt32LE(16) & 1) === 1 ? 4 : 0)) {
    const kind = message[offset]!;
    offset += 1;
    const size = message.readInt32LE(offset);
    if (kind === 0) {
      body = BSON.deserialize(message.subarray(offset, offset + size)) as Doc;
    } else {
      const end = offset + size;
      let cursor = offset + 4;
      const nameEnd = message.indexOf(0, cursor);
      const identifier = message.toString('utf8', cursor, nameEnd);
      cursor = nameEnd + 1;
      const docs: Doc[] = [];
      while (cursor < end) {
        const docSize = message.readInt32LE(cursor);
        docs.push(BSON.deserialize(message.subarray(cursor, cursor + docSize)) as Doc);
        cursor += docSize;
      }
      sequences[identifier] = docs;
    }
    offset += size;
  }
  return body ? describeCommand(body, sequences) : null;
}

/** Splits a byte stream into wire messages (each starts with its int32 length). */
function framer(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readInt32LE(0);
      if (pending.length < length) break;
      onMessage(pending.subarray(0, length));
      pending = pending.subarray(length);
    }
  };
}

export async function startWireTap(targetUri: string): Promise<WireTap> {
  const target = new URL(targetUri);
  const stats = new Map<string, CommandStat>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const backend = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(backend);
    const inflight = new Map<number, { key: string; started: number }>();
    client.on('data', framer((message) => {
      let key: string | null = null;
      try {
        key = parseOpMsg(message);
      } catch {
        key = 'unparsed';
      }
      if (key !== null && !/^(hello|isMaster|ismaster|ping|endSessions)\b/.test(key)) inflight.set(message.readInt32LE(4), { key, started: performance.now() });
      backend.write(message);
    }));
    backend.on('data', framer((message) => {
      const request = inflight.get(message.readInt32LE(8));
      if (request) {
        inflight.delete(message.readInt32LE(8));
        const stat = stats.get(request.key) ?? { count: 0, totalMs: 0 };
        stat.count += 1;
        stat.totalMs += performance.now() - request.started;
        stats.set(request.key, stat);
      }
      client.write(message);
    }));
    const end = () => {
      client.destroy();
      backend.destroy();
      sockets.delete(client);
      sockets.delete(backend);
    };
    client.on('close', end).on('error', end);
    backend.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(targetUri);
  proxied.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    uri: proxied.href,
    take() {
      const copy = new Map([...stats].map(([k, v]) => [k, { ...v }]));
      stats.clear();
      return copy;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
