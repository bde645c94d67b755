import { crc32c } from '@node-rs/crc32';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger, type Logger } from '../logger.js';
import { type DiskMessageStore, createMessageStore } from './message-store.js';
import type { StoreOptions } from './store-options.js';
import type { MessageStore } from './types.js';

/**
 * Test and bench fixtures: a record batch v2 with a valid CRC-32C (the store does not look inside the
 * records, so they are random bytes), and temporary data directories.
 */
export function makeRecordBatch(
  recordCount: number,
  recordsBytes: number,
  maxTimestampMs = Date.now(),
): Buffer {
  const batch = Buffer.alloc(61 + recordsBytes);
  batch.writeBigInt64BE(0x1122334455667788n, 0); // base offset: the store replaces it
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(7, 12); // partition leader epoch: the store writes 0
  batch.writeInt8(2, 16);
  batch.writeInt16BE(0, 21);
  batch.writeInt32BE(recordCount - 1, 23);
  batch.writeBigInt64BE(BigInt(maxTimestampMs), 27);
  batch.writeBigInt64BE(BigInt(maxTimestampMs), 35);
  batch.writeBigInt64BE(-1n, 43);
  batch.writeInt16BE(-1, 51);
  batch.writeInt32BE(-1, 53);
  batch.writeInt32BE(recordCount, 57);
  randomBytes(recordsBytes).copy(batch, 61);
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17);
  return batch;
}

/** True when the batch's CRC-32C (bytes 21..end) matches the stored one. */
export function batchCrcValid(batch: Buffer): boolean {
  return crc32c(batch.subarray(21)) === batch.readUInt32BE(17);
}

export function makeTempDir(prefix = 'ferrymq-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The stores a test opens in temporary directories: closeAll (from afterEach) closes the stores still
 * open and removes the directories.
 */
export class TempStores {
  private readonly dirs: string[] = [];
  private readonly stores: DiskMessageStore[] = [];

  constructor(private readonly log: Logger = createSilentLogger()) {}

  /** A fresh temporary directory, removed by closeAll. */
  tempDir(prefix?: string): string {
    const dir = makeTempDir(prefix);
    this.dirs.push(dir);
    return dir;
  }

  /** Opens a store; closeAll closes it unless close did. */
  async open(options: StoreOptions): Promise<DiskMessageStore> {
    const store = createMessageStore(options, this.log);
    await store.open();
    this.stores.push(store);
    return store;
  }

  /** Closes one store before the end of the test (to reopen its directory, say). */
  async close(store: MessageStore): Promise<void> {
    const i = this.stores.findIndex((s) => s === store);
    if (i >= 0) this.stores.splice(i, 1);
    await store.close();
  }

  /** Removes one of the temporary directories now (a test that makes many). */
  removeDir(dir: string): void {
    removeDir(dir);
    const i = this.dirs.indexOf(dir);
    if (i >= 0) this.dirs.splice(i, 1);
  }

  async closeAll(): Promise<void> {
    for (const s of this.stores.splice(0)) await s.close();
    for (const d of this.dirs.splice(0)) removeDir(d);
  }
}
