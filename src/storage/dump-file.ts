// Writing a dump to a stream and reading one back, line by line: neither side holds the whole
// database in memory. Used by `pingate db export` / `import` and by the bench's data fill.
import { HASHED_ID_MODELS, HASHED_ID_PREFIX } from './oidc-payloads.ts';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { headerLine, readHeader, readRecord, recordLine, type DumpRecord } from './dump-format.ts';
import type { Storage } from './storage.ts';

export async function writeDump(storage: Storage, out: Writable, now: Date): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(headerLine(storage.kind, now));
  for await (const record of storage.exportRecords()) {
    counts[record.collection] = (counts[record.collection] ?? 0) + 1;
    await write(recordLine(record));
  }
  return counts;
}

/** The records of a dump, after checking its header line. */
export async function* readDump(input: Readable): AsyncIterable<DumpRecord> {
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber += 1;
    if (lineNumber === 1) {
      readHeader(line);
      continue;
    }
    if (line.trim() === '') continue;
    const record = readRecord(line, lineNumber);
    // A dump from before ids were hashed holds tokens and sessions under their usable value;
    // they could not be found any more: they are left out rather than stored in clear.
    if (record.collection === 'oidc' && HASHED_ID_MODELS.includes(record.record.model) && !record.record.id.startsWith(HASHED_ID_PREFIX)) continue;
    yield record;
  }
  if (lineNumber === 0) readHeader('');
}
