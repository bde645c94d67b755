import fs from 'node:fs';
import path from 'node:path';
import { readInt64 } from '../int64.js';
import { QUEUE_INDEX_ENTRY_BYTES } from './queue-index-entry.js';

const FILE_PATTERN = /^(\d{20})\.idx$/;

interface IndexFile {
  firstOffset: number;
  entries: number;
}

function fileName(firstOffset: number): string {
  return `${String(firstOffset).padStart(20, '0')}.idx`;
}

/**
 * The on-disk queue index of one queue: append-only files of fixed-width entries in
 * `<dataDir>/queues/<topic>/<queueId>/`, each named by the queue offset of its first entry and holding up
 * to `entriesPerFile` entries. Operations on one queue run one after another.
 */
export class QueueIndexFiles {
  readonly dir: string;
  private readonly entriesPerFile: number;
  private files: IndexFile[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private removed = false;

  constructor(dir: string, entriesPerFile: number) {
    this.dir = dir;
    this.entriesPerFile = entriesPerFile;
  }

  /** Total entries in the files. */
  get entryCount(): number {
    let n = 0;
    for (const f of this.files) n += f.entries;
    return n;
  }

  /**
   * Reads every file (synchronously: recovery) and returns the entries, concatenated. A partial trailing
   * entry is dropped from the returned bytes (and cut off the file when `truncateEntries` runs).
   */
  loadSync(): Buffer {
    if (!fs.existsSync(this.dir)) return Buffer.alloc(0);
    const names = fs
      .readdirSync(this.dir)
      .map((name) => FILE_PATTERN.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    const parts: Buffer[] = [];
    this.files = [];
    for (const m of names) {
      const data = fs.readFileSync(path.join(this.dir, m[0]));
      const entries = Math.floor(data.length / QUEUE_INDEX_ENTRY_BYTES);
      this.files.push({ firstOffset: Number(m[1]), entries });
      parts.push(data.subarray(0, entries * QUEUE_INDEX_ENTRY_BYTES));
    }
    return Buffer.concat(parts);
  }

  /** Keeps the first `keep` entries on disk and deletes the rest (recovery). */
  truncateEntriesSync(keep: number): void {
    let seen = 0;
    const kept: IndexFile[] = [];
    for (const f of this.files) {
      const filePath = path.join(this.dir, fileName(f.firstOffset));
      if (seen >= keep) {
        fs.rmSync(filePath, { force: true });
      } else {
        const n = Math.min(f.entries, keep - seen);
        fs.truncateSync(filePath, n * QUEUE_INDEX_ENTRY_BYTES);
        kept.push({ firstOffset: f.firstOffset, entries: n });
      }
      seen += f.entries;
    }
    this.files = kept;
  }

  /** Appends encoded entries (a multiple of 40 bytes) and fdatasyncs the files written. */
  append(entries: Buffer): Promise<void> {
    return this.enqueue(async () => {
      if (this.removed || entries.length === 0) return;
      await fs.promises.mkdir(this.dir, { recursive: true });
      let at = 0;
      while (at < entries.length) {
        let last = this.files[this.files.length - 1];
        if (last === undefined || last.entries >= this.entriesPerFile) {
          last = { firstOffset: readInt64(entries, at), entries: 0 };
          this.files.push(last);
        }
        const n = Math.min(
          this.entriesPerFile - last.entries,
          (entries.length - at) / QUEUE_INDEX_ENTRY_BYTES,
        );
        const chunk = entries.subarray(at, at + n * QUEUE_INDEX_ENTRY_BYTES);
        await writeEntriesAt(path.join(this.dir, fileName(last.firstOffset)), chunk, last.entries);
        last.entries += n;
        at += chunk.length;
      }
    });
  }

  /** Deletes the leading files whose entries all end before `offset` (the next file starts at or before it). */
  dropFilesBefore(offset: number): Promise<void> {
    return this.enqueue(async () => {
      while (this.files.length > 1) {
        const first = this.files[0] as IndexFile;
        const second = this.files[1] as IndexFile;
        if (second.firstOffset > offset) break;
        await fs.promises.rm(path.join(this.dir, fileName(first.firstOffset)), { force: true });
        this.files.shift();
      }
    });
  }

  /** Removes the directory; later appends do nothing. */
  removeAll(): Promise<void> {
    this.removed = true;
    return this.enqueue(async () => {
      await fs.promises.rm(this.dir, { recursive: true, force: true });
      this.files = [];
    });
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.chain.then(op);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/**
 * Writes `chunk` at entry `entries` of the file (not in append mode) and fdatasyncs it. On a failed or
 * short write (ENOSPC) the file is cut back to the entries it held, so that a retry writes at the same
 * place and no partial entry is left between whole ones.
 */
async function writeEntriesAt(filePath: string, chunk: Buffer, entries: number): Promise<void> {
  const start = entries * QUEUE_INDEX_ENTRY_BYTES;
  const handle = await fs.promises.open(filePath, fs.constants.O_RDWR | fs.constants.O_CREAT);
  try {
    try {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, start + done);
        done += bytesWritten;
      }
      await handle.datasync();
    } catch (err) {
      await handle.truncate(start).catch(() => undefined);
      throw err;
    }
  } finally {
    await handle.close();
  }
}
