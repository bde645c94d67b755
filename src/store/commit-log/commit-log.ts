import fs from 'node:fs';
import type { Logger } from 'pino';
import { BrokerError } from '../../errors.js';
import { END_MARKER_MIN_BYTES, encodeEndMarker } from './entry-format.js';
import type { Segment } from './segment.js';
import { SegmentList } from './segment-list.js';

export type WriteSyncFn = (
  fd: number,
  buf: Buffer,
  offset: number,
  length: number,
  position: number,
) => number;

export interface CommitLogOptions {
  dir: string;
  segmentBytes: number;
  /** Pending bytes that trigger an immediate write (default 1 MiB). */
  writeBufferBytes: number;
  log: Logger;
  /** Reserve disk blocks for new segments (fallocate) instead of leaving them sparse. */
  preallocate?: boolean;
  /** Replaceable for fault-injection tests (ENOSPC); defaults to fs.writeSync. */
  writeSync?: WriteSyncFn;
  /** Replaceable for fault-injection tests (EIO); defaults to fs.fdatasync. */
  fdatasync?: FdatasyncFn;
}

/** fdatasync of one descriptor; replaceable for fault-injection tests (EIO). */
export type FdatasyncFn = (fd: number) => Promise<void>;

/** Called after a failed write rolled the log back to `position` (everything at or after it is gone). */
export type WriteFailureListener = (position: number, error: BrokerError) => void;

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The append-only CommitLog: one pending write buffer that appends copy into, written to the active
 * segment with one writeSync per event-loop turn (or when it passes writeBufferBytes), plus reads by
 * position and fdatasync of the segments written since the last sync.
 */
export class CommitLog {
  readonly segments: SegmentList;
  private readonly log: Logger;
  private readonly writeBufferBytes: number;
  private readonly writeSyncFn: WriteSyncFn;
  private readonly fdatasyncFn: FdatasyncFn | undefined;
  private active: Segment | undefined;
  /** Arena for entry headers and small entries; reused after every write. */
  private buffer: Buffer;
  /** Global position of the first pending byte; everything before it is written to the files. */
  private bufferStart = 0;
  /** Bytes pending: arena bytes plus referenced payloads. */
  private bufferLength = 0;
  /** Bytes of the arena in use. */
  private arenaUsed = 0;
  /** Start of the arena run not yet pushed to `pending`. */
  private runStart = 0;
  /** Pending chunks in log order (arena runs and referenced payloads), when any payload is referenced. */
  private pending: Buffer[] = [];
  private synced = 0;
  private flushScheduled = false;
  private readonly dirty = new Set<Segment>();
  private written: Deferred | null = null;
  private readonly failureListeners: WriteFailureListener[] = [];
  /** The error of the last failed write (BRK_ERR_STORE_DISK_FULL for ENOSPC), until a write succeeds. */
  lastWriteError: BrokerError | null = null;
  /**
   * Set by the first failed fdatasync and never cleared (fail-stop): after a failed writeback the kernel
   * may drop the dirty pages and report the next fsync as a success, so nothing written since the last
   * good sync can be trusted. The store refuses appends from then on; a restart recovers by CRC.
   */
  syncFailure: BrokerError | null = null;

  constructor(options: CommitLogOptions) {
    this.segments = new SegmentList(
      options.dir,
      options.segmentBytes,
      options.log,
      options.preallocate ?? false,
    );
    this.log = options.log;
    this.writeBufferBytes = options.writeBufferBytes;
    this.writeSyncFn = options.writeSync ?? fs.writeSync;
    this.fdatasyncFn = options.fdatasync;
    this.buffer = Buffer.allocUnsafe(Math.max(4 * options.writeBufferBytes, 64 * 1024));
  }

  /** The position the next entry would get (end of the log including pending bytes). */
  get endPosition(): number {
    return this.bufferStart + this.bufferLength;
  }

  /** Bytes handed to the OS (page cache). */
  get flushedPosition(): number {
    return this.bufferStart;
  }

  /** Bytes covered by a completed fdatasync. */
  get syncedPosition(): number {
    return this.synced;
  }

  get activeSegment(): Segment {
    if (this.active === undefined) throw new BrokerError('BRK_ERR_STORE_CLOSED', 'commit log is not open');
    return this.active;
  }

  /** The largest entry that fits in one segment. */
  get maxEntryBytes(): number {
    return this.segments.segmentBytes - END_MARKER_MIN_BYTES;
  }

  onWriteFailure(listener: WriteFailureListener): void {
    this.failureListeners.push(listener);
  }

  /**
   * Starts appending at `position`, which recovery established as the end of the valid log: segments after
   * the one holding it are deleted and its tail is expected to be zeros.
   */
  openAt(position: number): void {
    let index = this.segments.indexOf(position);
    if (index < 0) {
      const last = this.segments.last;
      if (last !== undefined && position !== last.end) {
        throw new BrokerError('BRK_ERR_INVARIANT', `log end ${position} is outside every segment`);
      }
      this.segments.appendNext();
      index = this.segments.all.length - 1;
    }
    this.segments.dropAfter(index);
    this.active = this.segments.all[index];
    this.bufferStart = position;
    this.bufferLength = 0;
    this.synced = position;
    this.segments.prepareSpare();
  }

  /**
   * Copies one entry of `size` bytes into the pending buffer through `encode` and returns its position.
   * Rolls to a new segment when the entry does not fit. Throws BrokerError when a write needed to make room
   * fails (the log is then rolled back to what is on disk).
   */
  append(
    size: number,
    storeTimestampMs: number,
    encode: (buf: Buffer, at: number, position: number) => void,
  ): number {
    let active = this.activeSegment;
    if (this.endPosition - active.base + size > active.size - END_MARKER_MIN_BYTES) {
      this.roll();
      active = this.activeSegment;
    }
    this.reserveArena(size);
    const position = this.endPosition;
    encode(this.buffer, this.arenaUsed, position);
    this.arenaUsed += size;
    this.bufferLength += size;
    if (storeTimestampMs > active.maxStoreTimestampMs) active.maxStoreTimestampMs = storeTimestampMs;
    this.scheduleFlush();
    return position;
  }

  /**
   * Like append, for an entry whose payload stays in the caller's buffer: `encodeHeader` writes the
   * `headerSize` bytes before it into the arena, and the payload is written after them by the same
   * writev, without being copied. The caller must not change the payload afterwards.
   */
  appendReferenced(
    headerSize: number,
    payload: Buffer,
    storeTimestampMs: number,
    encodeHeader: (buf: Buffer, at: number, position: number) => void,
  ): number {
    const size = headerSize + payload.length;
    let active = this.activeSegment;
    if (this.endPosition - active.base + size > active.size - END_MARKER_MIN_BYTES) {
      this.roll();
      active = this.activeSegment;
    }
    this.reserveArena(headerSize);
    const position = this.endPosition;
    encodeHeader(this.buffer, this.arenaUsed, position);
    this.arenaUsed += headerSize;
    this.pending.push(this.buffer.subarray(this.runStart, this.arenaUsed), payload);
    this.runStart = this.arenaUsed;
    this.bufferLength += size;
    if (storeTimestampMs > active.maxStoreTimestampMs) active.maxStoreTimestampMs = storeTimestampMs;
    this.scheduleFlush();
    return position;
  }

  private reserveArena(size: number): void {
    if (this.arenaUsed + size > this.buffer.length) {
      this.flushOrThrow();
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(size);
    }
  }

  /** Writes now when the pending bytes passed the threshold; false when that write failed. */
  flushIfFull(): boolean {
    return this.bufferLength < this.writeBufferBytes || this.flush();
  }

  /** A promise settled once the bytes before `endPosition` are written (page cache), or the write failed. */
  whenWritten(endPosition: number): Promise<void> {
    if (endPosition <= this.bufferStart) return RESOLVED;
    if (this.written === null) {
      let resolve!: () => void;
      let reject!: (err: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      promise.catch(() => undefined); // a caller that ignores `durable` must not crash the process
      this.written = { promise, resolve, reject };
    }
    return this.written.promise;
  }

  /**
   * Writes the pending bytes with one writeSync. On failure the pending entries are dropped (the in-memory
   * log rolls back to what is on disk), failure listeners run, and false is returned.
   */
  flush(): boolean {
    if (this.bufferLength === 0) return true;
    const seg = this.activeSegment;
    const fileOffset = this.bufferStart - seg.base;
    try {
      if (this.pending.length === 0) {
        let done = 0;
        while (done < this.bufferLength) {
          done += this.writeSyncFn(seg.fd, this.buffer, done, this.bufferLength - done, fileOffset + done);
        }
      } else {
        if (this.runStart < this.arenaUsed)
          this.pending.push(this.buffer.subarray(this.runStart, this.arenaUsed));
        this.writeChunks(seg.fd, this.pending, fileOffset);
      }
    } catch (cause) {
      this.failWrite(seg, fileOffset, cause);
      return false;
    }
    this.bufferStart += this.bufferLength;
    this.resetPending();
    this.dirty.add(seg);
    this.lastWriteError = null;
    const written = this.written;
    this.written = null;
    written?.resolve();
    return true;
  }

  /** One writev for all chunks (the test hook, when set, gets one call per chunk). */
  private writeChunks(fd: number, chunks: Buffer[], fileOffset: number): void {
    let at = fileOffset;
    if (this.writeSyncFn !== fs.writeSync) {
      for (const c of chunks) {
        let done = 0;
        while (done < c.length) done += this.writeSyncFn(fd, c, done, c.length - done, at + done);
        at += c.length;
      }
      return;
    }
    let rest = chunks;
    for (;;) {
      const total = rest.reduce((n, c) => n + c.length, 0);
      const done = fs.writevSync(fd, rest, at);
      if (done >= total) return;
      at += done;
      let skip = done;
      const next: Buffer[] = [];
      for (const c of rest) {
        if (skip >= c.length) skip -= c.length;
        else {
          next.push(skip > 0 ? c.subarray(skip) : c);
          skip = 0;
        }
      }
      rest = next;
    }
  }

  private resetPending(): void {
    this.bufferLength = 0;
    this.arenaUsed = 0;
    this.runStart = 0;
    this.pending = [];
  }

  /** Writes pending bytes and fdatasyncs every segment written since the last sync. Returns the position covered. */
  async sync(): Promise<number> {
    // Never fsync again after a failure: a later success would not mean the earlier bytes are on disk.
    if (this.syncFailure !== null) throw this.syncFailure;
    this.flush();
    const target = this.bufferStart;
    const segments = [...this.dirty];
    this.dirty.clear();
    try {
      await Promise.all(segments.map((seg) => seg.datasync(this.fdatasyncFn)));
    } catch (cause) {
      throw this.failSync(cause);
    }
    if (this.syncFailure !== null) throw this.syncFailure; // a concurrent sync failed meanwhile
    if (target > this.synced) this.synced = target;
    return target;
  }

  /** Reads `length` bytes at `position` (one segment) into one new Buffer, writing pending bytes first if needed. */
  async read(position: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    await this.readInto(position, length, buf, 0);
    return buf;
  }

  /** Like read, into `buf` at `at` (recycled read memory, several ranges in one buffer). */
  async readInto(position: number, length: number, buf: Buffer, at: number): Promise<void> {
    if (position + length > this.bufferStart && !this.flush()) {
      throw new BrokerError('BRK_ERR_STORE_IO', 'the commit log write failed; the data is gone');
    }
    const seg = this.segments.find(position);
    if (seg === undefined || position + length > seg.end) {
      throw new BrokerError(
        'BRK_ERR_INVARIANT',
        `read of ${length} bytes at ${position} is outside a segment`,
      );
    }
    seg.acquire();
    try {
      await seg.read(buf, at, length, position - seg.base);
    } finally {
      seg.release();
    }
  }

  /** Deletes whole segments that end at or before `position`, never the active one. */
  deleteSegmentsBefore(position: number): Segment[] {
    return this.segments.deleteBefore(Math.min(position, this.bufferStart), this.activeSegment);
  }

  async close(): Promise<void> {
    if (this.active === undefined) return;
    if (this.bufferLength > 0 && !this.flush()) {
      this.log.error('pending commit log bytes were lost at close');
    }
    if (this.syncFailure === null) await this.sync();
    this.active = undefined;
    await this.segments.close();
  }

  private roll(): void {
    const old = this.activeSegment;
    const at = this.endPosition - old.base;
    if (this.arenaUsed + END_MARKER_MIN_BYTES > this.buffer.length) this.flushOrThrow();
    let next: Segment;
    try {
      next = this.segments.appendNext();
    } catch (cause) {
      throw new BrokerError(
        isDiskFull(cause) ? 'BRK_ERR_STORE_DISK_FULL' : 'BRK_ERR_STORE_IO',
        'could not create the next commit log segment',
        { cause },
      );
    }
    encodeEndMarker(this.buffer, this.arenaUsed, old.size - at);
    this.arenaUsed += END_MARKER_MIN_BYTES;
    this.bufferLength += END_MARKER_MIN_BYTES;
    if (!this.flush()) {
      // The old segment stays active (its end marker is not on disk): the new one must not stay listed,
      // or the next roll would start after it and leave a segment-sized hole in the log.
      this.segments.unlistLast(next);
      throw this.writeFailure();
    }
    // The marker covers the rest of the old segment; its zero tail needs no write.
    this.bufferStart = next.base;
    this.active = next;
    this.segments.prepareSpare();
  }

  private flushOrThrow(): void {
    if (!this.flush()) throw this.writeFailure();
  }

  private writeFailure(): BrokerError {
    return this.lastWriteError ?? new BrokerError('BRK_ERR_STORE_IO', 'commit log write failed');
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.active !== undefined) this.flush();
    });
  }

  /** Records the first fdatasync failure (logged once, with its stable code) and returns it. */
  private failSync(cause: unknown): BrokerError {
    if (this.syncFailure === null) {
      this.syncFailure = new BrokerError(
        'BRK_ERR_STORE_FSYNC_FAILED',
        'fdatasync of the commit log failed; the store refuses appends until the broker is restarted',
        { cause },
      );
      this.log.error(
        { err: this.syncFailure, syncedPosition: this.synced },
        'commit log fdatasync failed: appends are refused from now on (fail-stop); reads continue; ' +
          'restart the broker to recover the log by CRC',
      );
    }
    return this.syncFailure;
  }

  private failWrite(seg: Segment, fileOffset: number, cause: unknown): void {
    const position = this.bufferStart;
    this.resetPending();
    const code = isDiskFull(cause) ? 'BRK_ERR_STORE_DISK_FULL' : 'BRK_ERR_STORE_IO';
    const error = new BrokerError(code, `commit log write at ${position} failed`, { cause });
    this.lastWriteError = error;
    // Best effort: zero the first bytes so that a partial write is never mistaken for entries later.
    try {
      fs.writeSync(seg.fd, Buffer.alloc(END_MARKER_MIN_BYTES), 0, END_MARKER_MIN_BYTES, fileOffset);
    } catch {
      // the disk is full; recovery's CRC check handles whatever was written partially
    }
    this.log.error(
      { err: error, position },
      'commit log write failed; rolled back to the last written entry',
    );
    const written = this.written;
    this.written = null;
    written?.reject(error);
    for (const listener of this.failureListeners) listener(position, error);
  }
}

/** ENOSPC, or EDQUOT (a quota is as full as a full disk for the broker). */
function isDiskFull(cause: unknown): boolean {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
