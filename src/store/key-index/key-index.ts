import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { BrokerError } from '../../errors.js';
import { FORMAT_ROCKET_MESSAGE, HEADER_FIXED_BYTES } from '../commit-log/entry-format.js';
import type { SegmentList } from '../commit-log/segment-list.js';
import { entryKeys } from './entry-keys.js';
import { KeyIndexFile } from './key-index-file.js';
import { KEY_INDEX_FILE_PATTERN, MAX_ENTRY_CAPACITY, MAX_SLOT_COUNT, keyHash } from './key-index-format.js';
import { forEachLogEntrySync } from './log-entries.js';

export interface KeyIndexOptions {
  /** Hash slots per file (RocketMQ: 5,000,000). */
  slotCount: number;
  /** Entries per file before it rolls (RocketMQ: 20,000,000). */
  entryCapacity: number;
}

/** About 10 MiB of slots and entries per file, sparse until used. */
export const DEFAULT_KEY_INDEX_OPTIONS: KeyIndexOptions = { slotCount: 131_072, entryCapacity: 500_000 };
/** A lookup visits at most this many chain entries per file (a bound on pathological chains). */
const MAX_HOPS_PER_FILE = 200_000;
const RETRY_DISPATCH_MS = 10;

export interface KeyIndexRecoveryStats {
  files: number;
  /** Files dropped because they were torn, damaged, or ahead of the recovered log. */
  discarded: number;
  /** The commit-log range re-read to rebuild what was missing. */
  scanFrom: number;
  scanTo: number;
  scannedEntries: number;
  invalidReason?: string;
}

interface PendingEntry {
  topic: string;
  position: number;
  end: number;
  storeTimestampMs: number;
  payload: Buffer;
  /** Passed by the writer (AppendRequest.indexKeys); else derived from the payload at dispatch. */
  keys: readonly string[] | undefined;
}

/**
 * The key index (RocketMQ's IndexService): (topic, key) -> commit-log positions, in files under
 * `<dataDir>/index/`. Appends of entries that can carry keys are queued by the store (one array push, no
 * parsing on the append path) and indexed a turn later, once the CommitLog has written them; the files
 * are persisted by persist() (the store's flush timer and close). After a crash, open() drops a torn or
 * damaged file and re-derives the missing part from the CommitLog.
 */
export class KeyIndex {
  private readonly dir: string;
  private readonly options: KeyIndexOptions;
  private readonly log: Logger;
  private readonly writtenPosition: () => number;
  private files: KeyIndexFile[] = [];
  private pending: PendingEntry[] = [];
  private pendingHead = 0;
  private scheduled = false;
  private persisting: Promise<void> = Promise.resolve();
  /** Keys indexed since open (tests and diagnostics). */
  indexedKeys = 0;

  constructor(dataDir: string, options: KeyIndexOptions, writtenPosition: () => number, log: Logger) {
    if (
      !Number.isInteger(options.slotCount) ||
      options.slotCount < 1 ||
      options.slotCount > MAX_SLOT_COUNT ||
      !Number.isInteger(options.entryCapacity) ||
      options.entryCapacity < 1 ||
      options.entryCapacity > MAX_ENTRY_CAPACITY
    ) {
      throw new BrokerError('BRK_ERR_CONFIG_INVALID', `bad key index options ${JSON.stringify(options)}`);
    }
    this.dir = path.join(dataDir, 'index');
    this.options = options;
    this.writtenPosition = writtenPosition;
    this.log = log;
  }

  /** True for entries the index looks into (the store queues nothing else). */
  static indexes(format: number): boolean {
    return format === FORMAT_ROCKET_MESSAGE;
  }

  /**
   * Loads the files, drops torn or damaged ones (and every later one) and a last file that is ahead of the
   * recovered log, then indexes the CommitLog from where the files end up to `logEnd`.
   */
  open(segments: SegmentList, logEnd: number): KeyIndexRecoveryStats {
    fs.mkdirSync(this.dir, { recursive: true });
    const logStart = segments.first?.base ?? 0;
    const names = fs
      .readdirSync(this.dir)
      .filter((n) => KEY_INDEX_FILE_PATTERN.test(n))
      .sort();
    let discarded = 0;
    for (let i = 0; i < names.length; i++) {
      const filePath = path.join(this.dir, names[i] as string);
      const file = KeyIndexFile.open(filePath, i === names.length - 1);
      if (typeof file === 'string') {
        this.log.warn({ file: filePath, reason: file }, 'key index file torn or damaged; rebuilding it');
        for (const rest of names.slice(i)) fs.rmSync(path.join(this.dir, rest), { force: true });
        discarded += names.length - i;
        break;
      }
      this.files.push(file);
    }
    for (
      let last = this.files.at(-1);
      last !== undefined && last.header.endPosition > logEnd;
      last = this.files.at(-1)
    ) {
      this.log.warn({ file: last.filePath }, 'key index file ahead of the commit log; rebuilding it');
      last.remove();
      this.files.pop();
      discarded += 1;
    }
    while (this.files.length > 1 && (this.files[0] as KeyIndexFile).header.endPosition <= logStart) {
      (this.files.shift() as KeyIndexFile).remove();
    }
    const scanFrom = Math.max(this.files.at(-1)?.header.endPosition ?? logStart, logStart);
    if (this.files.length === 0 || (this.files.at(-1) as KeyIndexFile).full) this.roll(scanFrom);
    const stats: KeyIndexRecoveryStats = {
      files: this.files.length,
      discarded,
      scanFrom,
      scanTo: scanFrom,
      scannedEntries: 0,
    };
    if (scanFrom < logEnd) {
      const result = forEachLogEntrySync(segments, scanFrom, logEnd, (header, buf, at, position) => {
        stats.scannedEntries += 1;
        if (!KeyIndex.indexes(header.format)) return;
        const topic = buf.toString('utf8', at + HEADER_FIXED_BYTES, at + header.payloadStart);
        const payload = buf.subarray(at + header.payloadStart, at + header.totalSize);
        this.indexEntry(topic, entryKeys(header.format, payload), position, header.storeTimestampMs);
      });
      stats.scanTo = result.position;
      if (result.invalidReason !== undefined) {
        stats.invalidReason = result.invalidReason;
        this.log.warn({ reason: result.invalidReason }, 'key index rebuild stopped early');
      }
    }
    this.active.advanceTo(stats.scanTo);
    stats.files = this.files.length;
    return stats;
  }

  /** Queues an appended entry (already known to be one the index reads) for indexing. */
  enqueue(
    topic: string,
    position: number,
    size: number,
    storeTimestampMs: number,
    payload: Buffer,
    keys?: readonly string[],
  ): void {
    this.pending.push({ topic, position, end: position + size, storeTimestampMs, payload, keys });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.dispatch());
    }
  }

  /** Indexes the queued entries the CommitLog has written. */
  dispatch(): void {
    this.scheduled = false;
    if (this.files.length === 0) return; // closed
    const written = this.writtenPosition();
    while (this.pendingHead < this.pending.length) {
      const e = this.pending[this.pendingHead] as PendingEntry;
      if (e.end > written) break;
      this.pending[this.pendingHead] = undefined as unknown as PendingEntry;
      this.pendingHead += 1;
      const keys = e.keys ?? entryKeys(FORMAT_ROCKET_MESSAGE, e.payload);
      this.indexEntry(e.topic, keys, e.position, e.storeTimestampMs);
    }
    if (this.pendingHead === this.pending.length) {
      this.pending = [];
      this.pendingHead = 0;
    } else if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.dispatch(), RETRY_DISPATCH_MS).unref();
    }
  }

  /** A failed CommitLog write dropped everything from `position`: forget the queued entries there. */
  rollBackTo(position: number): void {
    let keep = this.pending.length;
    while (keep > this.pendingHead && (this.pending[keep - 1] as PendingEntry).position >= position)
      keep -= 1;
    this.pending.length = keep;
  }

  /** Commit-log positions indexed under (topic, key) in [beginMs, endMs] (second granularity), newest first. */
  lookup(topic: string, key: string, beginMs: number, endMs: number, limit: number): number[] {
    const hash = keyHash(topic, key);
    const out: number[] = [];
    for (let i = this.files.length - 1; i >= 0 && out.length < limit; i--) {
      (this.files[i] as KeyIndexFile).lookup(hash, beginMs, endMs, limit, MAX_HOPS_PER_FILE, out);
    }
    return [...new Set(out)];
  }

  /** RocketMQ's indexLastUpdateTimestamp / indexLastUpdatePhyoffset. */
  lastUpdate(): { timestampMs: number; position: number } {
    const active = this.files.at(-1);
    return {
      timestampMs: active === undefined ? 0 : Math.max(...this.files.map((f) => f.header.endTimestampMs)),
      position: this.coveredPosition(),
    };
  }

  /** Writes every changed file (entries and slots, sync, then the header). Calls are serialized. */
  persist(): Promise<void> {
    const run = this.persisting.then(async () => {
      if (this.files.length === 0) return;
      this.active.advanceTo(this.coveredPosition());
      for (const file of [...this.files]) {
        await file.persist();
        if (file !== this.files.at(-1)) file.seal();
      }
    });
    this.persisting = run.catch(() => undefined);
    return run;
  }

  /** Deletes files whose entries all point before `position` (retention removed that part of the log). */
  deleteFilesBefore(position: number): number {
    let removed = 0;
    while (this.files.length > 1 && (this.files[0] as KeyIndexFile).header.endPosition <= position) {
      (this.files.shift() as KeyIndexFile).remove();
      removed += 1;
    }
    if (removed > 0) this.log.info({ files: removed }, 'retention deleted key index files');
    return removed;
  }

  /** Indexes what is queued and written, persists, and closes the files. */
  async close(): Promise<void> {
    this.dispatch();
    await this.persist();
    for (const f of this.files) f.close();
    this.files = [];
  }

  /** Every entry before this position is indexed (or queued entries start here). */
  private coveredPosition(): number {
    const next = this.pending[this.pendingHead];
    const bound =
      next === undefined ? this.writtenPosition() : Math.min(next.position, this.writtenPosition());
    return Math.max(bound, this.files.at(-1)?.header.endPosition ?? 0);
  }

  private get active(): KeyIndexFile {
    const f = this.files.at(-1);
    if (f === undefined) throw new BrokerError('BRK_ERR_STORE_CLOSED', 'the key index is not open');
    return f;
  }

  private indexEntry(
    topic: string,
    keys: readonly string[],
    position: number,
    storeTimestampMs: number,
  ): void {
    if (position < this.active.header.endPosition) return; // already indexed (recovery overlap)
    for (const key of keys) {
      const hash = keyHash(topic, key);
      const file = this.active;
      if (!file.put(hash, position, storeTimestampMs)) {
        // Full (or a sealed file left last by recovery): the next file starts at this entry.
        file.advanceTo(position);
        this.roll(position).put(hash, position, storeTimestampMs);
      }
      this.indexedKeys += 1;
    }
    this.active.advanceTo(position + 1);
  }

  private roll(beginPosition: number): KeyIndexFile {
    const file = KeyIndexFile.create(
      this.dir,
      beginPosition,
      this.options.slotCount,
      this.options.entryCapacity,
    );
    this.files.push(file);
    return file;
  }
}
