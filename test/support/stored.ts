// What a database holds, read back in the backend-neutral dump form: tests check what was stored
// (PINs hashed, secrets sealed) the same way on SQLite and on MongoDB.
import type { CollectionName, DumpRecord, OidcRecord } from '../../src/storage/dump-format.ts';
import type { Storage } from '../../src/storage/storage.ts';
import type { Account, TokenRecord } from '../../src/usecases/ports.ts';

type RecordOf<C extends CollectionName> = Extract<DumpRecord, { collection: C }>['record'];

export class StoredRecords {
  private readonly storage: Storage;

  constructor(storage: Storage) {
    this.storage = storage;
  }

  async all<C extends CollectionName>(collection: C): Promise<RecordOf<C>[]> {
    const out: RecordOf<C>[] = [];
    for await (const entry of this.storage.exportRecords()) {
      if (entry.collection === collection) out.push(entry.record as RecordOf<C>);
    }
    return out;
  }

  async account(username: string): Promise<Account | null> {
    return (await this.all('accounts')).find((a) => a.username === username) ?? null;
  }

  async token(serial: string): Promise<TokenRecord | null> {
    return (await this.all('tokens')).find((t) => t.serial === serial) ?? null;
  }

  async client(clientId: string): Promise<OidcRecord | null> {
    return (await this.all('oidc')).find((r) => r.model === 'Client' && r.id === clientId) ?? null;
  }
}
