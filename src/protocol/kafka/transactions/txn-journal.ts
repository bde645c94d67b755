import fs from 'node:fs';
import path from 'node:path';
import { BrokerError } from '../../../errors.js';
import type { Logger } from '../../../logger.js';
import { crc32c } from '../codec/crc32c.js';

/**
 * The transaction coordinator's journal (docs/formats/transactions.md): an append-only file of
 * CRC-checked records, replayed on open and rewritten (compacted) on open and when it grows.
 * Record: u32 body length, u32 CRC-32C of the body, body = u8 type + UTF-8 JSON.
 */
export const TXN_DIR = 'transactions';
export const JOURNAL_FILE = 'journal.log';
export const RECORD_HEADER_BYTES = 8;
/** A record larger than this is treated as a torn tail (a transaction state is a few KiB). */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export const enum JournalRecordType {
  /** Producer ids below `end` may have been handed out. */
  ProducerIdBlock = 1,
  /** The full state of one transactional id. */
  Transaction = 2,
  /** The transactional id is forgotten. */
  RemoveTransaction = 3,
}

export interface JournalRecord {
  type: JournalRecordType;
  /** JSON-compatible body (int64 values as decimal strings). */
  body: Record<string, unknown>;
}

export function encodeJournalRecord(rec: JournalRecord): Buffer {
  const json = Buffer.from(JSON.stringify(rec.body), 'utf8');
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + 1 + json.length);
  out.writeUInt32BE(1 + json.length, 0);
  out[RECORD_HEADER_BYTES] = rec.type;
  json.copy(out, RECORD_HEADER_BYTES + 1);
  out.writeUInt32BE(crc32c(out.subarray(RECORD_HEADER_BYTES)), 4);
  return out;
}

export interface JournalScan {
  records: JournalRecord[];
  /** Bytes of whole, valid records from the start. */
  validEnd: number;
  /** Why the scan stopped before the end, or null. */
  stopReason: string | null;
}

export function scanJournal(buf: Buffer): JournalScan {
  const records: JournalRecord[] = [];
  let pos = 0;
  const stop = (why: string): JournalScan => ({ records, validEnd: pos, stopReason: why });
  while (pos < buf.length) {
    if (buf.length - pos < RECORD_HEADER_BYTES) return stop('truncated record header');
    const length = buf.readUInt32BE(pos);
    if (length < 1 || length > MAX_RECORD_BYTES) return stop(`bad record length ${length}`);
    if (pos + RECORD_HEADER_BYTES + length > buf.length) return stop('truncated record body');
    const body = buf.subarray(pos + RECORD_HEADER_BYTES, pos + RECORD_HEADER_BYTES + length);
    if (crc32c(body) !== buf.readUInt32BE(pos + 4)) return stop('CRC mismatch');
    const type = body[0] as number;
    if (type < JournalRecordType.ProducerIdBlock || type > JournalRecordType.RemoveTransaction) {
      return stop(`unknown record type ${type}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.subarray(1).toString('utf8'));
    } catch {
      return stop('unparsable record body');
    }
    if (typeof parsed !== 'object' || parsed === null) return stop('record body is not an object');
    records.push({ type: type as JournalRecordType, body: parsed as Record<string, unknown> });
    pos += RECORD_HEADER_BYTES + length;
  }
  return { records, validEnd: pos, stopReason: null };
}

/** Appends records with one write each; `durable` promises share fdatasyncs. */
export class TxnJournal {
  private readonly file: string;
  private fd = -1;
  private size = 0;
  private syncing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(dataDir, TXN_DIR, JOURNAL_FILE);
  }

  /** Bytes in the journal file. */
  get bytes(): number {
    return this.size;
  }

  /** Reads every valid record and cuts a torn tail. */
  load(): JournalRecord[] {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    if (!fs.existsSync(this.file)) return [];
    const buf = fs.readFileSync(this.file);
    const scan = scanJournal(buf);
    if (scan.stopReason !== null) {
      this.log.warn(
        {
          file: this.file,
          validBytes: scan.validEnd,
          droppedBytes: buf.length - scan.validEnd,
          why: scan.stopReason,
        },
        'dropping the torn tail of the transaction journal',
      );
    }
    return scan.records;
  }

  /** Replaces the journal with exactly `records` (temp file, fsync, rename, fsync directory). */
  rewrite(records: readonly JournalRecord[]): void {
    const tmp = `${this.file}.tmp`;
    const data = Buffer.concat(records.map(encodeJournalRecord));
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, data, 0, data.length, 0);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    const dirFd = fs.openSync(path.dirname(this.file), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'r+');
    this.size = data.length;
  }

  /** Writes the records now (synchronously) and returns when they are on disk. */
  append(records: readonly JournalRecord[]): Promise<void> {
    if (this.fd < 0)
      return Promise.reject(new BrokerError('BRK_ERR_STORE_CLOSED', 'transaction journal closed'));
    const data = Buffer.concat(records.map(encodeJournalRecord));
    try {
      let done = 0;
      while (done < data.length)
        done += fs.writeSync(this.fd, data, done, data.length - done, this.size + done);
    } catch (err) {
      return Promise.reject(
        new BrokerError('BRK_ERR_STORE_IO', 'transaction journal write failed', { cause: err }),
      );
    }
    this.size += data.length;
    return this.sync();
  }

  /** One fdatasync covering every write made before it starts; callers arriving meanwhile share the next. */
  private sync(): Promise<void> {
    if (this.queued !== null) return this.queued;
    const previous = this.syncing ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        this.syncing = next;
        return new Promise<void>((resolve, reject) => {
          const fd = this.fd;
          if (fd < 0) {
            reject(new BrokerError('BRK_ERR_STORE_CLOSED', 'transaction journal closed'));
            return;
          }
          fs.fdatasync(fd, (err) =>
            err
              ? reject(
                  new BrokerError('BRK_ERR_STORE_IO', 'transaction journal fdatasync failed', { cause: err }),
                )
              : resolve(),
          );
        });
      })
      .finally(() => {
        if (this.syncing === next) this.syncing = null;
      });
    this.queued = next;
    return next;
  }

  async close(): Promise<void> {
    await (this.syncing ?? Promise.resolve()).catch(() => undefined);
    await (this.queued ?? Promise.resolve()).catch(() => undefined);
    if (this.fd >= 0) {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
    }
    this.fd = -1;
  }
}
