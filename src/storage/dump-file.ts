// Writing a dump to a stream and reading one back, line by line: neither side holds the whole
// database in memory. Used by `pingate db export` / `import` and by the bench's data fill.
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
    yield readRecord(line, lineNumber);
  }
  if (lineNumber === 0) readHeader('');
}
