import { crc32c } from '@node-rs/crc32';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
