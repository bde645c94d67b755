import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logger.js';
import { END_MAGIC, ENTRY_MAGIC, decodeHeader, peekEntry } from './commit-log/entry-format.js';
import { type DiskMessageStore, createMessageStore } from './message-store.js';
import { makeRecordBatch, makeTempDir, removeDir } from './store-fixtures.js';
import { PayloadFormat } from './types.js';

/**
 * Torn tails at the store level: a log of several segments, its last segment truncated or overwritten with
 * random bytes at 1,000 seeded points, reopened each time. Recovery must end at the last valid entry, hand
 * out the offset after it, keep every index in agreement with the log, and lose nothing before the cut.
 */

const SEGMENT_BYTES = 16 * 1024;
const CASES = 1000;
const SEED = 0x7e4a11;
const QUEUES: ReadonlyArray<readonly [string, number]> = [
  ['t', 0],
  ['t', 1],
  ['t', 2],
  ['u', 0],
];

interface LoggedEntry {
  topic: string;
  queueId: number;
  queueOffset: number;
  count: number;
  position: number;
  end: number;
  payload: Buffer;
}

/** Deterministic pseudo-random numbers (mulberry32) so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function openStore(dataDir: string): Promise<DiskMessageStore> {
  const store = createMessageStore(
    { dataDir, segmentBytes: SEGMENT_BYTES, flushIntervalMs: 60_000 },
    createSilentLogger(),
  );
  return store.open().then(() => store);
}

/** Positions of every entry, walked from the files independently of the store. */
function walkPositions(dataDir: string): Map<string, { position: number; end: number }> {
  const dir = path.join(dataDir, 'commitlog');
  const found = new Map<string, { position: number; end: number }>();
  for (const name of fs.readdirSync(dir).sort()) {
    const base = Number(name);
    const data = fs.readFileSync(path.join(dir, name));
    let at = 0;
    while (at + 8 <= data.length) {
      const { totalSize, magic } = peekEntry(data, at);
      if (magic === END_MAGIC || magic !== ENTRY_MAGIC) break;
      const h = decodeHeader(data, at);
      const topic = data.toString('utf8', at + 76, at + 76 + h.topicLength);
      found.set(`${topic}/${h.queueId}/${h.queueOffset}`, {
        position: base + at,
        end: base + at + totalSize,
      });
      at += totalSize;
    }
  }
  return found;
}

function segmentFileOf(dataDir: string, position: number): string {
  const base = Math.floor(position / SEGMENT_BYTES) * SEGMENT_BYTES;
  return path.join(dataDir, 'commitlog', String(base).padStart(20, '0'));
}

/** Writes `length` bytes that each differ from the byte they replace (so the damage is never a no-op). */
function garble(file: string, offset: number, length: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const bytes = Buffer.alloc(length);
    fs.readSync(fd, bytes, 0, length, offset);
    const noise = randomBytes(length);
    for (let i = 0; i < length; i++) bytes[i] = (bytes[i] as number) ^ ((noise[i] as number) | 1);
    fs.writeSync(fd, bytes, 0, length, offset);
  } finally {
    fs.closeSync(fd);
  }
}

/** tmpfs when there is one: 1,000 reopen cycles fsync a lot, and the disk is not what is under test. */
function caseDir(prefix: string): string {
  const dir = fs.existsSync('/dev/shm') ? fs.mkdtempSync(path.join('/dev/shm', prefix)) : makeTempDir(prefix);
  dirs.push(dir);
  return dir;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('torn tail of the last segment', () => {
  it(`recovers to the last valid entry at ${CASES} seeded cut points`, async () => {
    const rand = random(SEED);
    const source = caseDir('ferrymq-torn-');
    const store = await openStore(source);
    expect((await store.createTopic('t', 3, {})).status).toBe('ok');
    expect((await store.createTopic('u', 1, {})).status).toBe('ok');
    const logged: LoggedEntry[] = [];
    for (let i = 0; i < 90; i++) {
      const [topic, queueId] = QUEUES[i % QUEUES.length] as readonly [string, number];
      const count = 1 + (i % 3);
      const result = store.append({
        topic,
        queueId,
        format: PayloadFormat.RecordBatchV2,
        payload: makeRecordBatch(count, 100 + Math.floor(rand() * 900)),
        count,
        maxTimestampMs: 1000 + i,
      });
      if (result.status !== 'ok') throw new Error(result.status);
      logged.push({
        topic,
        queueId,
        queueOffset: result.baseOffset,
        count,
        position: 0,
        end: 0,
        payload: Buffer.alloc(0),
      });
    }
    // The bytes as stored (base offset and epoch stamped), read once from the intact store.
    for (const [topic, queueId] of QUEUES) {
      const read = await store.read(topic, queueId, 0, { maxBytes: 1e9, atLeastOne: true });
      if (read.status !== 'ok') throw new Error(read.status);
      for (const entry of read.entries) {
        const mine = logged.find(
          (e) => e.topic === topic && e.queueId === queueId && e.queueOffset === entry.baseOffset,
        );
        if (mine !== undefined) mine.payload = Buffer.from(entry.payload);
      }
    }
    // A crash image: the data directory of a store that is still open (no clean marker, old checkpoint).
    const pristine = caseDir('ferrymq-torn-pristine-');
    fs.cpSync(source, pristine, { recursive: true });
    await store.close();

    const positions = walkPositions(pristine);
    for (const e of logged) {
      const p = positions.get(`${e.topic}/${e.queueId}/${e.queueOffset}`);
      if (p === undefined) throw new Error(`entry ${e.topic}/${e.queueId}/${e.queueOffset} not in the log`);
      e.position = p.position;
      e.end = p.end;
    }
    const lastEntry = logged[logged.length - 1] as LoggedEntry;
    const lastBase = Math.floor(lastEntry.position / SEGMENT_BYTES) * SEGMENT_BYTES;
    expect(lastBase / SEGMENT_BYTES).toBeGreaterThanOrEqual(3); // several segments before the torn one
    const dataEnd = lastEntry.end - lastBase;

    const work = caseDir('ferrymq-torn-case-');
    for (let round = 0; round < CASES; round++) {
      fs.rmSync(work, { recursive: true, force: true });
      fs.cpSync(pristine, work, { recursive: true });
      const file = segmentFileOf(work, lastEntry.position);
      // Mostly inside the written data, a few at 0, some in the zeros after it.
      const offset = round % 50 === 0 ? 0 : Math.floor(rand() * (dataEnd + 64));
      const truncate = round % 2 === 0;
      if (truncate) fs.truncateSync(file, offset);
      else garble(file, offset, 1 + Math.floor(rand() * 48));
      const cutAt = lastBase + offset;
      const expected = logged.filter((e) => e.end <= cutAt);
      const context = `round ${round}: ${truncate ? 'truncate' : 'garble'} at segment offset ${offset}`;

      const recovered = await openStore(work);
      try {
        expect(recovered.recovery?.mode, context).toBe('scan');
        const lastKept = expected[expected.length - 1];
        expect(recovered.recovery?.end, context).toBe(
          lastKept === undefined || lastKept.end <= lastBase ? lastBase : lastKept.end,
        );
        for (const [topic, queueId] of QUEUES) {
          const mine = expected.filter((e) => e.topic === topic && e.queueId === queueId);
          const last = mine[mine.length - 1];
          const hw = last === undefined ? 0 : last.queueOffset + last.count;
          expect(recovered.queueBounds(topic, queueId), context).toEqual({
            logStartOffset: 0,
            highWatermark: hw,
          });
          // Every offset reads back the entry that holds it, byte for byte.
          for (const e of mine) {
            for (
              let offsetInEntry = e.queueOffset;
              offsetInEntry < e.queueOffset + e.count;
              offsetInEntry++
            ) {
              const read = await recovered.read(topic, queueId, offsetInEntry, {
                maxBytes: 0,
                atLeastOne: true,
              });
              if (read.status !== 'ok') throw new Error(`${context}: read ${read.status}`);
              const got = read.entries[0];
              expect(got?.baseOffset, context).toBe(e.queueOffset);
              expect(got?.payload.equals(e.payload), context).toBe(true);
            }
          }
          const past = await recovered.read(topic, queueId, hw, { maxBytes: 1e9, atLeastOne: true });
          expect(past.status === 'ok' && past.entries.length, context).toBe(0);
          // The next offset is the one after the last valid entry.
          const next = recovered.append({
            topic,
            queueId,
            format: PayloadFormat.RecordBatchV2,
            payload: makeRecordBatch(1, 40),
            count: 1,
            maxTimestampMs: 1,
          });
          expect(next.status === 'ok' && next.baseOffset, context).toBe(hw);
        }
      } finally {
        await recovered.close();
      }
    }
  }, 120_000);
});
