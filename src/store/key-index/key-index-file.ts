import fs from 'node:fs';
import path from 'node:path';
import { BrokerError } from '../../errors.js';
import {
  KEY_INDEX_ENTRY_BYTES,
  KEY_INDEX_HEADER_BYTES,
  KEY_INDEX_SLOT_BYTES,
  type KeyIndexHeader,
  decodeKeyIndexHeader,
  encodeKeyIndexHeader,
  entryFileOffset,
  keyIndexFileBytes,
  keyIndexFileName,
  readKeyIndexEntry,
  writeKeyIndexEntry,
} from './key-index-format.js';

/** Slot table bytes written per dirty page. */
const PAGE_BYTES = 4096;
const INITIAL_ENTRY_BUFFER_BYTES = 64 * 1024;
const MAX_TIME_DIFF_SECONDS = 0x7fffffff;

const fdatasync = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));

/**
 * One key index file: a hash table of `slotCount` slots whose chains link entries newest first (RocketMQ's
 * IndexFile). The slot table is kept in memory; the entries of the active file too (a sealed file's are
 * read from disk when a lookup walks them). persist() writes new entries and changed slot pages, syncs,
 * then writes and syncs the header, so a header never counts entries that are not on disk.
 */
export class KeyIndexFile {
  readonly filePath: string;
  private fd: number;
  private readonly state: KeyIndexHeader;
  private readonly slots: Buffer;
  /** Entries 1..entryCount of the active file; null once sealed and persisted. */
  private entries: Buffer | null;
  private persistedCount: number;
  private persistedEndPosition: number;
  private readonly dirtyPages = new Set<number>();

  private constructor(
    filePath: string,
    fd: number,
    header: KeyIndexHeader,
    slots: Buffer,
    entries: Buffer | null,
  ) {
    this.filePath = filePath;
    this.fd = fd;
    this.state = header;
    this.slots = slots;
    this.entries = entries;
    this.persistedCount = header.entryCount;
    this.persistedEndPosition = header.endPosition;
  }

  /** Creates a new, empty file (sparse, full size) starting at commit-log `beginPosition`. */
  static create(dir: string, beginPosition: number, slotCount: number, entryCapacity: number): KeyIndexFile {
    const filePath = path.join(dir, keyIndexFileName(beginPosition));
    const header: KeyIndexHeader = {
      slotCount,
      entryCapacity,
      entryCount: 0,
      beginTimestampMs: 0,
      endTimestampMs: 0,
      beginPosition,
      endPosition: beginPosition,
    };
    let fd: number;
    try {
      fd = fs.openSync(filePath, 'w+');
      fs.ftruncateSync(fd, keyIndexFileBytes(slotCount, entryCapacity));
      fs.writeSync(fd, encodeKeyIndexHeader(header), 0, KEY_INDEX_HEADER_BYTES, 0);
    } catch (cause) {
      throw new BrokerError('BRK_ERR_STORE_IO', `cannot create key index file ${filePath}`, { cause });
    }
    const file = new KeyIndexFile(
      filePath,
      fd,
      header,
      Buffer.alloc(slotCount * KEY_INDEX_SLOT_BYTES),
      Buffer.alloc(Math.min(INITIAL_ENTRY_BUFFER_BYTES, entryCapacity * KEY_INDEX_ENTRY_BYTES)),
    );
    file.persistedCount = -1; // the header above is not synced yet
    return file;
  }

  /**
   * Opens an existing file and checks it: header CRC and bounds, file size, every slot pointing at a
   * counted entry, every entry's chain link pointing backwards and its position inside the file's range.
   * Returns the reason when the file is torn or damaged (the caller discards and rebuilds it).
   */
  static open(filePath: string, active: boolean): KeyIndexFile | string {
    let fd: number;
    try {
      fd = fs.openSync(filePath, 'r+');
    } catch (err) {
      return `cannot open: ${(err as Error).message}`;
    }
    const fail = (reason: string): string => {
      fs.closeSync(fd);
      return reason;
    };
    const head = Buffer.alloc(KEY_INDEX_HEADER_BYTES);
    if (fs.readSync(fd, head, 0, KEY_INDEX_HEADER_BYTES, 0) < KEY_INDEX_HEADER_BYTES)
      return fail('shorter than its header');
    const header = decodeKeyIndexHeader(head);
    if (typeof header === 'string') return fail(header);
    if (fs.fstatSync(fd).size < keyIndexFileBytes(header.slotCount, header.entryCapacity))
      return fail('shorter than its slots and entries');
    const slots = Buffer.alloc(header.slotCount * KEY_INDEX_SLOT_BYTES);
    fs.readSync(fd, slots, 0, slots.length, KEY_INDEX_HEADER_BYTES);
    for (let at = 0; at < slots.length; at += KEY_INDEX_SLOT_BYTES) {
      const n = slots.readInt32BE(at);
      if (n < 0 || n > header.entryCount) return fail(`slot ${at / 4} points at entry ${n}`);
    }
    const entries = Buffer.alloc(Math.max(header.entryCount, 1) * KEY_INDEX_ENTRY_BYTES);
    fs.readSync(
      fd,
      entries,
      0,
      header.entryCount * KEY_INDEX_ENTRY_BYTES,
      entryFileOffset(header.slotCount, 1),
    );
    for (let n = 1; n <= header.entryCount; n++) {
      const e = readKeyIndexEntry(entries, (n - 1) * KEY_INDEX_ENTRY_BYTES);
      if (e.prev < 0 || e.prev >= n || e.timeDiffSeconds < 0) return fail(`entry ${n} has a bad link`);
      if (e.position < header.beginPosition || e.position >= header.endPosition)
        return fail(`entry ${n} points outside the file's range`);
    }
    return new KeyIndexFile(filePath, fd, header, slots, active ? entries : null);
  }

  get header(): Readonly<KeyIndexHeader> {
    return this.state;
  }

  get full(): boolean {
    return this.state.entryCount >= this.state.entryCapacity;
  }

  get isDirty(): boolean {
    return (
      this.persistedCount !== this.state.entryCount || this.persistedEndPosition !== this.state.endPosition
    );
  }

  /** Records that every entry before `position` has been looked at. */
  advanceTo(position: number): void {
    if (position > this.state.endPosition) this.state.endPosition = position;
  }

  /** Adds one entry at the head of its slot's chain; false when the file is full. */
  put(hash: number, position: number, storeTimestampMs: number): boolean {
    const h = this.state;
    if (this.full || this.entries === null) return false;
    const n = h.entryCount + 1;
    if (h.entryCount === 0) h.beginTimestampMs = storeTimestampMs;
    const diff = Math.floor((storeTimestampMs - h.beginTimestampMs) / 1000);
    const slotAt = (hash % h.slotCount) * KEY_INDEX_SLOT_BYTES;
    const need = n * KEY_INDEX_ENTRY_BYTES;
    if (need > this.entries.length) {
      const grown = Buffer.alloc(Math.min(this.entries.length * 2, h.entryCapacity * KEY_INDEX_ENTRY_BYTES));
      this.entries.copy(grown);
      this.entries = grown;
    }
    writeKeyIndexEntry(this.entries, (n - 1) * KEY_INDEX_ENTRY_BYTES, {
      keyHash: hash,
      position,
      timeDiffSeconds: Math.min(Math.max(diff, 0), MAX_TIME_DIFF_SECONDS),
      prev: this.slots.readInt32BE(slotAt),
    });
    this.slots.writeInt32BE(n, slotAt);
    this.dirtyPages.add(Math.floor(slotAt / PAGE_BYTES));
    h.entryCount = n;
    if (storeTimestampMs > h.endTimestampMs) h.endTimestampMs = storeTimestampMs;
    this.advanceTo(position + 1);
    return true;
  }

  /**
   * Walks the chain of `hash`'s slot, newest first, adding the positions of entries with the same hash
   * whose (second-granular) time can fall in [beginMs, endMs], until `out` holds `limit` positions or
   * `maxHops` entries were visited.
   */
  lookup(hash: number, beginMs: number, endMs: number, limit: number, maxHops: number, out: number[]): void {
    const h = this.state;
    if (h.entryCount === 0 || h.endTimestampMs < beginMs || h.beginTimestampMs > endMs + 999) return;
    let n = this.slots.readInt32BE((hash % h.slotCount) * KEY_INDEX_SLOT_BYTES);
    let hops = 0;
    const one = Buffer.alloc(KEY_INDEX_ENTRY_BYTES);
    while (n > 0 && n <= h.entryCount && out.length < limit && hops < maxHops) {
      hops += 1;
      let e;
      if (this.entries !== null) e = readKeyIndexEntry(this.entries, (n - 1) * KEY_INDEX_ENTRY_BYTES);
      else {
        fs.readSync(this.fd, one, 0, KEY_INDEX_ENTRY_BYTES, entryFileOffset(h.slotCount, n));
        e = readKeyIndexEntry(one, 0);
      }
      const timeMs = h.beginTimestampMs + e.timeDiffSeconds * 1000;
      if (e.keyHash === hash && timeMs + 999 >= beginMs && timeMs <= endMs) out.push(e.position);
      if (e.prev >= n) break; // never loops, whatever the file holds
      n = e.prev;
    }
  }

  /** Writes what changed since the last persist, syncs, then writes and syncs the header. */
  async persist(): Promise<void> {
    if (!this.isDirty) return;
    const h = this.state;
    const count = h.entryCount;
    const snapshot = encodeKeyIndexHeader(h);
    const endPosition = h.endPosition;
    try {
      const from = Math.max(this.persistedCount, 0);
      if (count > from && this.entries !== null) {
        const bytes = (count - from) * KEY_INDEX_ENTRY_BYTES;
        const at = from * KEY_INDEX_ENTRY_BYTES;
        writeFully(this.fd, this.entries, at, bytes, entryFileOffset(h.slotCount, from + 1));
      }
      const bodyChanged = count > from || this.dirtyPages.size > 0;
      for (const page of this.dirtyPages) {
        const at = page * PAGE_BYTES;
        const bytes = Math.min(PAGE_BYTES, this.slots.length - at);
        writeFully(this.fd, this.slots, at, bytes, KEY_INDEX_HEADER_BYTES + at);
      }
      this.dirtyPages.clear();
      // Entries and slots reach the disk before a header that counts them.
      if (bodyChanged) await fdatasync(this.fd);
      writeFully(this.fd, snapshot, 0, KEY_INDEX_HEADER_BYTES, 0);
      await fdatasync(this.fd);
    } catch (cause) {
      throw new BrokerError('BRK_ERR_STORE_IO', `cannot write key index file ${this.filePath}`, { cause });
    }
    this.persistedCount = count;
    this.persistedEndPosition = endPosition;
  }

  /** Stops keeping entries in memory (the file is full and persisted). */
  seal(): void {
    if (!this.isDirty) this.entries = null;
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  remove(): void {
    this.close();
    fs.rmSync(this.filePath, { force: true });
  }
}

function writeFully(fd: number, buf: Buffer, offset: number, length: number, position: number): void {
  let done = 0;
  while (done < length) done += fs.writeSync(fd, buf, offset + done, length - done, position + done);
}
