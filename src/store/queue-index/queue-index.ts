import { writeInt64 } from '../int64.js';
import { QUEUE_INDEX_ENTRY_BYTES, type QueueIndexEntry } from './queue-index-entry.js';

/**
 * The in-memory queue index of one queue: columns of fixed-width entries in queue-offset order, with
 * binary search by offset. Entries are addressed by ordinal (0 = first entry ever loaded or added), so an
 * ordinal stays valid when the head is trimmed.
 */
export class QueueIndex {
  private offsets = new Float64Array(16);
  private positions = new Float64Array(16);
  private sizes = new Int32Array(16);
  private counts = new Int32Array(16);
  private maxTimestamps = new Float64Array(16);
  private tagsCodes = new Float64Array(16);
  /** Array slots [head, tail) are live. */
  private head = 0;
  private tail = 0;
  /** Ordinal of slot 0. */
  private slotBase = 0;
  /**
   * Ordinals [verifiedFrom, verifiedTo) were read and CRC-checked by this process (docs/durability.md):
   * later reads of them skip the CRCs. In memory only, so the first read after a restart checks again.
   */
  private verifiedFrom = 0;
  private verifiedTo = 0;
  private truncateCalls = 0;

  /** Ordinal of the first live entry. */
  get firstOrdinal(): number {
    return this.slotBase + this.head;
  }

  /** Ordinal after the last live entry. */
  get endOrdinal(): number {
    return this.slotBase + this.tail;
  }

  get length(): number {
    return this.tail - this.head;
  }

  push(e: QueueIndexEntry): void {
    if (this.tail === this.offsets.length) this.makeRoom();
    const i = this.tail;
    this.offsets[i] = e.queueOffset;
    this.positions[i] = e.position;
    this.sizes[i] = e.size;
    this.counts[i] = e.count;
    this.maxTimestamps[i] = e.maxTimestampMs;
    this.tagsCodes[i] = e.tagsCode;
    this.tail += 1;
  }

  offsetAt(ordinal: number): number {
    return this.offsets[ordinal - this.slotBase] as number;
  }

  positionAt(ordinal: number): number {
    return this.positions[ordinal - this.slotBase] as number;
  }

  sizeAt(ordinal: number): number {
    return this.sizes[ordinal - this.slotBase] as number;
  }

  countAt(ordinal: number): number {
    return this.counts[ordinal - this.slotBase] as number;
  }

  maxTimestampAt(ordinal: number): number {
    return this.maxTimestamps[ordinal - this.slotBase] as number;
  }

  entryAt(ordinal: number): QueueIndexEntry {
    const i = ordinal - this.slotBase;
    return {
      queueOffset: this.offsets[i] as number,
      position: this.positions[i] as number,
      size: this.sizes[i] as number,
      count: this.counts[i] as number,
      maxTimestampMs: this.maxTimestamps[i] as number,
      tagsCode: this.tagsCodes[i] as number,
    };
  }

  /**
   * Writes the entries [from, end) in their on-disk form (encodeQueueIndexEntry's layout) into `out`
   * from `at`, straight from the columns: no object per entry, so the checkpointer's once-a-second
   * write of 10,000s of entries does not stall the event loop.
   */
  encodeEntries(from: number, end: number, out: Buffer, at = 0): void {
    let o = at;
    for (let i = from - this.slotBase, last = end - this.slotBase; i < last; i++) {
      writeInt64(out, o, this.offsets[i] as number);
      writeInt64(out, o + 8, this.positions[i] as number);
      out.writeInt32BE(this.sizes[i] as number, o + 16);
      out.writeInt32BE(this.counts[i] as number, o + 20);
      writeInt64(out, o + 24, this.maxTimestamps[i] as number);
      writeInt64(out, o + 32, this.tagsCodes[i] as number);
      o += QUEUE_INDEX_ENTRY_BYTES;
    }
  }

  /** Queue offset after the last entry, or undefined when empty. */
  lastEnd(): number | undefined {
    if (this.tail === this.head) return undefined;
    const i = this.tail - 1;
    return (this.offsets[i] as number) + (this.counts[i] as number);
  }

  /** Ordinal of the first entry whose range ends after `offset` (the entry containing it, or the next one); -1 if none. */
  findContaining(offset: number): number {
    let lo = this.head;
    let hi = this.tail - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.offsets[mid] as number) + (this.counts[mid] as number) > offset) {
        found = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return found < 0 ? -1 : found + this.slotBase;
  }

  /** Ordinal of the first entry at or after commit-log `position`, or endOrdinal. */
  firstAtOrAfterPosition(position: number): number {
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.positions[mid] as number) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo + this.slotBase;
  }

  /** Counts truncateFrom calls: a read that saw another count must not mark what it checked. */
  get truncations(): number {
    return this.truncateCalls;
  }

  /** True when the entry at `ordinal` was CRC-checked by an earlier read of this process. */
  isVerified(ordinal: number): boolean {
    return ordinal >= this.verifiedFrom && ordinal < this.verifiedTo;
  }

  /**
   * Records that the entries [first, end) passed a full check. One range is kept: it grows when the new
   * one touches it (a consumer reading on), otherwise the longer of the two stays.
   */
  markVerified(first: number, end: number): void {
    if (end <= first) return;
    if (first <= this.verifiedTo && end >= this.verifiedFrom && this.verifiedTo > this.verifiedFrom) {
      this.verifiedFrom = Math.min(this.verifiedFrom, first);
      this.verifiedTo = Math.max(this.verifiedTo, end);
    } else if (end - first > this.verifiedTo - this.verifiedFrom) {
      this.verifiedFrom = first;
      this.verifiedTo = end;
    }
  }

  /** Drops the entries from `ordinal` on. */
  truncateFrom(ordinal: number): void {
    const slot = Math.max(this.head, ordinal - this.slotBase);
    if (slot < this.tail) this.tail = slot;
    this.truncateCalls += 1;
    // Ordinals from here on will name other entries: they have not been checked.
    const end = this.slotBase + this.tail;
    if (this.verifiedTo > end) this.verifiedTo = Math.max(this.verifiedFrom, end);
  }

  /** Drops the entries before `ordinal`. */
  trimBefore(ordinal: number): void {
    const slot = Math.min(this.tail, ordinal - this.slotBase);
    if (slot > this.head) this.head = slot;
  }

  private makeRoom(): void {
    const live = this.tail - this.head;
    const capacity = live * 2 > this.offsets.length ? this.offsets.length * 2 : this.offsets.length;
    const move = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = capacity === old.length ? old : make(capacity);
      next.set(old.subarray(this.head, this.tail), 0);
      return next;
    };
    this.offsets = move(this.offsets, (n) => new Float64Array(n));
    this.positions = move(this.positions, (n) => new Float64Array(n));
    this.sizes = move(this.sizes, (n) => new Int32Array(n));
    this.counts = move(this.counts, (n) => new Int32Array(n));
    this.maxTimestamps = move(this.maxTimestamps, (n) => new Float64Array(n));
    this.tagsCodes = move(this.tagsCodes, (n) => new Float64Array(n));
    this.slotBase += this.head;
    this.tail = live;
    this.head = 0;
  }
}
