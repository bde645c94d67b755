import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataDirLock } from '../data-dir-lock.js';
import { BrokerError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-file.js';

/** The file name RocketMQ's NameServer uses (`kvConfigPath`). */
export const KV_CONFIG_FILE = 'kvConfig.json';
/** Upper bound on the table (and so on the file read back at start). */
export const DEFAULT_KV_CONFIG_MAX_BYTES = 64 * 1024 * 1024;

export type KvPutResult = { status: 'ok' } | { status: 'table-full'; maxBytes: number };

/** Bytes an entry adds to the serialized table, with room for quotes, colon and comma (escapes aside). */
const entryBytes = (key: string, value: string): number =>
  Buffer.byteLength(key) + Buffer.byteLength(value) + 6;

/**
 * The NameServer's KV config (RocketMQ KVConfigManager): namespace -> key -> value, kept in
 * `<dir>/kvConfig.json` as `{"configTable":{namespace:{key:value}}}`. Every change is written before it
 * is acknowledged: the whole table to a temp file, fsync, rename, fsync of the directory, one write at a
 * time. `<dir>/ferrymq.lock` keeps a second process off the directory.
 */
export class KvConfigStore {
  private readonly table = new Map<string, Map<string, string>>();
  private bytes = 0;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly lock: DataDirLock,
    private readonly maxBytes: number,
  ) {}

  get file(): string {
    return path.join(this.dir, KV_CONFIG_FILE);
  }

  /** Creates the directory if needed, takes its lock and loads the table; a damaged file is refused. */
  static async open(dir: string, maxBytes = DEFAULT_KV_CONFIG_MAX_BYTES): Promise<KvConfigStore> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw new BrokerError('BRK_ERR_STORE_IO', `cannot create ${dir}`, { cause: err });
    }
    const lock = new DataDirLock(dir);
    lock.acquire();
    const store = new KvConfigStore(dir, lock, maxBytes);
    try {
      await store.load();
    } catch (err) {
      lock.release();
      throw err;
    }
    return store;
  }

  /** Waits for the last write and releases the directory. */
  async close(): Promise<void> {
    await this.writing;
    this.lock.release();
  }

  get(namespace: string, key: string): string | undefined {
    return this.table.get(namespace)?.get(key);
  }

  /**
   * The namespace's entries, or undefined when the namespace was never written. A namespace whose keys
   * were all deleted stays, empty (as in RocketMQ).
   */
  list(namespace: string): ReadonlyMap<string, string> | undefined {
    const kv = this.table.get(namespace);
    return kv === undefined ? undefined : new Map(kv);
  }

  namespaces(): string[] {
    return [...this.table.keys()];
  }

  async put(namespace: string, key: string, value: string): Promise<KvPutResult> {
    let kv = this.table.get(namespace);
    const previous = kv?.get(key);
    const delta =
      entryBytes(key, value) -
      (previous === undefined ? 0 : entryBytes(key, previous)) +
      (kv === undefined ? entryBytes(namespace, '') : 0);
    if (this.bytes + delta > this.maxBytes) return { status: 'table-full', maxBytes: this.maxBytes };
    if (kv === undefined) this.table.set(namespace, (kv = new Map()));
    kv.set(key, value);
    this.bytes += delta;
    await this.persist();
    return { status: 'ok' };
  }

  /** Removes one key (a missing one is not an error); the namespace stays. */
  async delete(namespace: string, key: string): Promise<void> {
    const kv = this.table.get(namespace);
    const previous = kv?.get(key);
    if (kv === undefined || previous === undefined) return;
    kv.delete(key);
    this.bytes -= entryBytes(key, previous);
    await this.persist();
  }

  /** `{"configTable":{...}}`, the layout of RocketMQ's kvConfig.json. */
  serialize(): string {
    const configTable = Object.fromEntries(
      [...this.table].map(([ns, kv]) => [ns, Object.fromEntries(kv)] as const),
    );
    return JSON.stringify({ configTable });
  }

  private persist(): Promise<void> {
    const content = this.serialize() + '\n';
    const done = this.writing.then(() => this.writeAtomically(content));
    this.writing = done.catch(() => undefined);
    return done;
  }

  private async writeAtomically(content: string): Promise<void> {
    try {
      await writeFileAtomic(this.file, content);
    } catch (err) {
      throw new BrokerError('BRK_ERR_STORE_IO', `cannot write ${this.file}`, { cause: err });
    }
  }

  private async load(): Promise<void> {
    const file = this.file;
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new BrokerError('BRK_ERR_STORE_IO', `cannot read ${file}`, { cause: err });
    }
    const corrupt = (why: string, cause?: unknown): BrokerError =>
      new BrokerError('BRK_ERR_NAMESRV_KV_CORRUPT', `${file}: ${why}`, { cause });
    if (size > this.maxBytes) throw corrupt(`${size} bytes, more than the ${this.maxBytes} allowed`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new BrokerError('BRK_ERR_STORE_IO', `cannot read ${file}`, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw corrupt('not valid JSON', err);
    }
    if (!isPlainObject(parsed)) throw corrupt('expected a JSON object');
    const configTable = parsed['configTable'];
    if (configTable === undefined || configTable === null) return;
    if (!isPlainObject(configTable)) throw corrupt('configTable is not an object');
    for (const [ns, entries] of Object.entries(configTable)) {
      if (!isPlainObject(entries)) throw corrupt(`configTable[${JSON.stringify(ns)}] is not an object`);
      const kv = new Map<string, string>();
      this.bytes += entryBytes(ns, '');
      for (const [key, value] of Object.entries(entries)) {
        if (typeof value !== 'string')
          throw corrupt(`configTable[${JSON.stringify(ns)}][${JSON.stringify(key)}] is not a string`);
        kv.set(key, value);
        this.bytes += entryBytes(key, value);
      }
      this.table.set(ns, kv);
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
