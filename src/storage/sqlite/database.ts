// One SQLite database file opened through Node's built-in node:sqlite (no native build, no
// download): WAL so readers never wait for the writer, synchronous=NORMAL (a commit survives a
// crash of the process; only a power loss may lose the last commits), and a busy timeout so that
// several processes sharing the file wait for each other's short write transactions instead of
// failing. Statements are prepared once and reused. node:sqlite is synchronous: a statement runs
// to its end without yielding, so nothing else in this process interleaves with it, and
// `BEGIN IMMEDIATE` takes the file's write lock before the first read, which makes a transaction
// atomic across processes too.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { databaseFileError } from './errors.ts';

export type SqlValue = SQLInputValue;
export type Row = Record<string, SqlValue>;

/** Told about every statement run (the diagnostic bench counts them). */
export type StatementObserver = (sql: string, ms: number) => void;

export interface SqliteOptions {
  /** Milliseconds a statement waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
  /** false (tests): no fsync at all; the data survives the process but not a power loss. */
  readonly durable?: boolean;
  /** A reader only (exports): never writes, never changes the journal mode. */
  readonly readOnly?: boolean;
  readonly observe?: StatementObserver;
}

export class SqliteDatabase {
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private readonly observe: StatementObserver | undefined;
  private inTransaction = false;

  constructor(file: string, { busyTimeoutMs = 5_000, durable = true, readOnly = false, observe }: SqliteOptions = {}) {
    this.file = path.resolve(file);
    this.observe = observe;
    try {
      // The file holds PIN hashes and live session and token ids: its owner alone may read it.
      // SQLite gives the -wal and -shm files the mode of the database file.
      if (readOnly) this.db = new DatabaseSync(this.file, { timeout: busyTimeoutMs, readOnly: true });
      else {
        mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
        if (!existsSync(this.file)) closeSync(openSync(this.file, 'a', 0o600));
        this.db = new DatabaseSync(this.file, { timeout: busyTimeoutMs, enableForeignKeyConstraints: true });
        // journal_mode needs the write lock once, when the file is new; the busy timeout covers a
        // second process opening the file at the same moment.
        this.db.exec('PRAGMA journal_mode = WAL');
        this.db.exec(`PRAGMA synchronous = ${durable ? 'NORMAL' : 'OFF'}`);
      }
      // Reading the schema proves the file is a database (a text file opens, then fails here).
      this.db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (error) {
      throw databaseFileError(this.file, error);
    }
  }

  /** Runs a statement that changes rows; answers how many it changed. */
  run(sql: string, ...params: SqlValue[]): number {
    return Number(this.timed(sql, (s) => s.run(...params)).changes);
  }

  get<T = Row>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.timed(sql, (s) => s.get(...params)) as T | undefined;
  }

  all<T = Row>(sql: string, ...params: SqlValue[]): T[] {
    return this.timed(sql, (s) => s.all(...params)) as T[];
  }

  /** Rows one at a time (exports of large tables). Not observed: it is no hot path. */
  iterate<T = Row>(sql: string, ...params: SqlValue[]): IterableIterator<T> {
    return this.db.prepare(sql).iterate(...params) as IterableIterator<T>;
  }

  /** Statements without parameters or results (schema changes). */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  /**
   * Runs `work` in one `BEGIN IMMEDIATE` transaction: the write lock is taken first, so no other
   * process writes between this transaction's reads and its writes. `work` must be synchronous
   * (it is: every statement here is), so nothing else in this process runs inside it either.
   */
  transaction<T>(work: () => T): T {
    if (this.inTransaction) return work();
    this.timed('BEGIN IMMEDIATE', (s) => s.run());
    this.inTransaction = true;
    try {
      const result = work();
      this.timed('COMMIT', (s) => s.run());
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  /** The underlying handle, for node:sqlite's own online backup. */
  get handle(): DatabaseSync {
    return this.db;
  }

  close(): void {
    if (!this.db.isOpen) return;
    this.statements.clear();
    this.db.close();
  }

  private timed<T>(sql: string, use: (statement: StatementSync) => T): T {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    if (!this.observe) return use(statement);
    const started = performance.now();
    try {
      return use(statement);
    } finally {
      this.observe(sql, performance.now() - started);
    }
  }
}
