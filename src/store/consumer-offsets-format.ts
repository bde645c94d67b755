import { crc32c } from '@node-rs/crc32';

/**
 * Byte layout of the consumer-offsets journal and snapshot records (docs/formats/consumer-offsets.md).
 * Every record: u32 body length, u32 CRC-32C of the body, body. The body starts with a u8 type.
 */
export const RECORD_HEADER_BYTES = 8;
export const SNAPSHOT_HEADER_BYTES = 16;
/** "FMCO" */
export const SNAPSHOT_MAGIC = 0x464d434f;
export const SNAPSHOT_VERSION = 1;

export const enum OffsetRecordType {
  Commit = 1,
  DeleteOffsets = 2,
  DeleteGroup = 3,
  DeleteTopic = 4,
}

export interface CommittedOffset {
  /** The next queue offset the group will read. */
  offset: number;
  /** -1 when unknown. */
  leaderEpoch: number;
  metadata: string | null;
  commitTimestampMs: number;
  /** Set only when the committer asked for an explicit retention (Kafka OffsetCommit v1-v4). */
  expireTimestampMs?: number;
}

export interface OffsetKey {
  topic: string;
  queueId: number;
}

export type OffsetCommitEntry = OffsetKey & CommittedOffset;

export type OffsetRecord =
  | { type: OffsetRecordType.Commit; group: string; entries: OffsetCommitEntry[] }
  | { type: OffsetRecordType.DeleteOffsets; group: string; keys: OffsetKey[] }
  | { type: OffsetRecordType.DeleteGroup; group: string }
  | { type: OffsetRecordType.DeleteTopic; topic: string };

const strBytes = (s: string): number => 2 + Buffer.byteLength(s, 'utf8');

function bodySize(rec: OffsetRecord): number {
  switch (rec.type) {
    case OffsetRecordType.Commit: {
      let n = 1 + strBytes(rec.group) + 4;
      for (const e of rec.entries) {
        n += strBytes(e.topic) + 4 + 8 + 4 + 8 + 8 + 4;
        if (e.metadata !== null) n += Buffer.byteLength(e.metadata, 'utf8');
      }
      return n;
    }
    case OffsetRecordType.DeleteOffsets: {
      let n = 1 + strBytes(rec.group) + 4;
      for (const k of rec.keys) n += strBytes(k.topic) + 4;
      return n;
    }
    case OffsetRecordType.DeleteGroup:
      return 1 + strBytes(rec.group);
    case OffsetRecordType.DeleteTopic:
      return 1 + strBytes(rec.topic);
  }
}

class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos: number,
  ) {}
  u8(v: number): void {
    this.pos = this.buf.writeUInt8(v, this.pos);
  }
  u32(v: number): void {
    this.pos = this.buf.writeUInt32BE(v, this.pos);
  }
  i32(v: number): void {
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }
  i64(v: number): void {
    this.pos = this.buf.writeBigInt64BE(BigInt(v), this.pos);
  }
  str(s: string): void {
    const len = this.buf.write(s, this.pos + 2, 'utf8');
    this.buf.writeUInt16BE(len, this.pos);
    this.pos += 2 + len;
  }
  readU8(): number {
    return this.buf.readUInt8(this.pos++);
  }
  readU32(): number {
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  readI32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  readI64(): number {
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return Number(v);
  }
  readStr(): string {
    const len = this.buf.readUInt16BE(this.pos);
    const s = this.buf.toString('utf8', this.pos + 2, this.pos + 2 + len);
    this.pos += 2 + len;
    return s;
  }
}

/** Encodes records, each with its length and CRC-32C, into one buffer (one write). */
export function encodeOffsetRecords(records: readonly OffsetRecord[]): Buffer {
  let total = 0;
  for (const r of records) total += RECORD_HEADER_BYTES + bodySize(r);
  const buf = Buffer.allocUnsafe(total);
  let at = 0;
  for (const r of records) {
    const size = bodySize(r);
    const c = new Cursor(buf, at + RECORD_HEADER_BYTES);
    c.u8(r.type);
    switch (r.type) {
      case OffsetRecordType.Commit:
        c.str(r.group);
        c.u32(r.entries.length);
        for (const e of r.entries) {
          c.str(e.topic);
          c.i32(e.queueId);
          c.i64(e.offset);
          c.i32(e.leaderEpoch);
          c.i64(e.commitTimestampMs);
          c.i64(e.expireTimestampMs ?? -1);
          if (e.metadata === null) c.i32(-1);
          else {
            const len = buf.write(e.metadata, c.pos + 4, 'utf8');
            c.i32(len);
            c.pos += len;
          }
        }
        break;
      case OffsetRecordType.DeleteOffsets:
        c.str(r.group);
        c.u32(r.keys.length);
        for (const k of r.keys) {
          c.str(k.topic);
          c.i32(k.queueId);
        }
        break;
      case OffsetRecordType.DeleteGroup:
        c.str(r.group);
        break;
      case OffsetRecordType.DeleteTopic:
        c.str(r.topic);
        break;
    }
    buf.writeUInt32BE(size, at);
    buf.writeUInt32BE(
      crc32c(buf.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + size)),
      at + 4,
    );
    at += RECORD_HEADER_BYTES + size;
  }
  return buf;
}

function decodeBody(buf: Buffer, start: number): OffsetRecord {
  const c = new Cursor(buf, start);
  const type = c.readU8();
  switch (type) {
    case OffsetRecordType.Commit: {
      const group = c.readStr();
      const n = c.readU32();
      const entries: OffsetCommitEntry[] = [];
      for (let i = 0; i < n; i++) {
        const topic = c.readStr();
        const queueId = c.readI32();
        const offset = c.readI64();
        const leaderEpoch = c.readI32();
        const commitTimestampMs = c.readI64();
        const expire = c.readI64();
        const metaLen = c.readI32();
        let metadata: string | null = null;
        if (metaLen >= 0) {
          metadata = buf.toString('utf8', c.pos, c.pos + metaLen);
          c.pos += metaLen;
        }
        const entry: OffsetCommitEntry = { topic, queueId, offset, leaderEpoch, metadata, commitTimestampMs };
        if (expire >= 0) entry.expireTimestampMs = expire;
        entries.push(entry);
      }
      return { type, group, entries };
    }
    case OffsetRecordType.DeleteOffsets: {
      const group = c.readStr();
      const n = c.readU32();
      const keys: OffsetKey[] = [];
      for (let i = 0; i < n; i++) keys.push({ topic: c.readStr(), queueId: c.readI32() });
      return { type, group, keys };
    }
    case OffsetRecordType.DeleteGroup:
      return { type, group: c.readStr() };
    case OffsetRecordType.DeleteTopic:
      return { type, topic: c.readStr() };
    default:
      throw new RangeError(`unknown record type ${type}`);
  }
}

export interface ScanResult {
  records: OffsetRecord[];
  /** Bytes of whole valid records from `start`; anything after is a torn or corrupt tail. */
  validEnd: number;
  /** Why the scan stopped before the end of the buffer, or null. */
  stopReason: string | null;
}

/** Decodes records from `start` up to the first incomplete or corrupt one. */
export function scanOffsetRecords(buf: Buffer, start = 0): ScanResult {
  const records: OffsetRecord[] = [];
  let pos = start;
  while (pos < buf.length) {
    if (pos + RECORD_HEADER_BYTES > buf.length) return { records, validEnd: pos, stopReason: 'torn header' };
    const size = buf.readUInt32BE(pos);
    const end = pos + RECORD_HEADER_BYTES + size;
    if (size === 0 || end > buf.length) return { records, validEnd: pos, stopReason: 'torn record' };
    const body = buf.subarray(pos + RECORD_HEADER_BYTES, end);
    if (crc32c(body) !== buf.readUInt32BE(pos + 4)) {
      return { records, validEnd: pos, stopReason: 'checksum mismatch' };
    }
    try {
      const rec = decodeBody(buf, pos + RECORD_HEADER_BYTES);
      records.push(rec);
    } catch (err) {
      return { records, validEnd: pos, stopReason: `undecodable record: ${String(err)}` };
    }
    pos = end;
  }
  return { records, validEnd: pos, stopReason: null };
}

export function encodeSnapshotHeader(coveredJournalSeq: number): Buffer {
  const buf = Buffer.alloc(SNAPSHOT_HEADER_BYTES);
  buf.writeUInt32BE(SNAPSHOT_MAGIC, 0);
  buf.writeUInt16BE(SNAPSHOT_VERSION, 4);
  buf.writeBigUInt64BE(BigInt(coveredJournalSeq), 8);
  return buf;
}

/** The journal sequence a snapshot covers, or undefined when the header is not ours. */
export function decodeSnapshotHeader(buf: Buffer): number | undefined {
  if (buf.length < SNAPSHOT_HEADER_BYTES) return undefined;
  if (buf.readUInt32BE(0) !== SNAPSHOT_MAGIC || buf.readUInt16BE(4) !== SNAPSHOT_VERSION) return undefined;
  return Number(buf.readBigUInt64BE(8));
}
