import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSUMER_OFFSETS_DIR, ConsumerOffsets, type ConsumerOffsetsOptions } from './consumer-offsets.js';
import type { OffsetCommitEntry } from './consumer-offsets-format.js';
import { createMessageStore } from './message-store.js';
import { makeTempDir, removeDir } from './store-fixtures.js';

const log = pino({ level: 'silent' });
const dirs: string[] = [];
const opened: ConsumerOffsets[] = [];

afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

function tempDir(): string {
  const d = makeTempDir('ferrymq-offsets-');
  dirs.push(d);
  return d;
}

async function openOffsets(
  dataDir: string,
  extra: Partial<ConsumerOffsetsOptions> = {},
  track = true,
): Promise<ConsumerOffsets> {
  const o = new ConsumerOffsets({
    dataDir,
    flushMode: 'async',
    flushIntervalMs: 60_000,
    expiryCheckIntervalMs: 60_000,
    retentionMs: 1000,
    nowMs: Date.now,
    log,
    ...extra,
  });
  await o.open();
  if (track) opened.push(o);
  return o;
}

const entry = (topic: string, queueId: number, offset: number, extra: Partial<OffsetCommitEntry> = {}) => ({
  topic,
  queueId,
  offset,
  leaderEpoch: -1,
  metadata: null,
  commitTimestampMs: 1000,
  ...extra,
});

function journals(dataDir: string): string[] {
  return fs
    .readdirSync(path.join(dataDir, CONSUMER_OFFSETS_DIR))
    .filter((n) => n.startsWith('journal-'))
    .sort();
}

describe('consumer offsets', () => {
  it('stores, lists and survives a clean restart', async () => {
    const dir = tempDir();
    const a = await openOffsets(dir, {}, false);
    expect(
      a.commit('g1', [entry('t', 0, 5, { metadata: 'héllo', leaderEpoch: 3 }), entry('t', 1, 7)]).status,
    ).toBe('ok');
    a.commit('g1', [entry('t', 0, 6, { expireTimestampMs: 99 })]);
    a.commit('g2', [entry('u', 2, 1)]);
    expect(a.get('g1', 't', 0)?.offset).toBe(6);
    await a.close();
    const b = await openOffsets(dir);
    expect(b.groups().sort()).toEqual(['g1', 'g2']);
    expect(b.list('g1')).toEqual([
      {
        topic: 't',
        queueId: 0,
        offset: 6,
        leaderEpoch: -1,
        metadata: null,
        commitTimestampMs: 1000,
        expireTimestampMs: 99,
      },
      { topic: 't', queueId: 1, offset: 7, leaderEpoch: -1, metadata: null, commitTimestampMs: 1000 },
    ]);
    expect(b.get('g2', 'u', 2)?.offset).toBe(1);
    // A clean close leaves one empty journal and a snapshot.
    expect(journals(dir).length).toBe(1);
    expect(b.journalSize).toBe(0);
  });

  it('recovers what was written before a crash (no close) and drops a torn tail', async () => {
    const dir = tempDir();
    const a = await openOffsets(dir, {}, false);
    a.commit('g', [entry('t', 0, 1)]);
    a.commit('g', [entry('t', 0, 2, { metadata: 'x'.repeat(100) })]);
    // Simulate a torn last write: append half of a record.
    const [name] = journals(dir);
    const file = path.join(dir, CONSUMER_OFFSETS_DIR, name as string);
    const whole = fs.readFileSync(file);
    fs.appendFileSync(file, whole.subarray(0, 20));
    const b = await openOffsets(dir);
    expect(b.get('g', 't', 0)?.offset).toBe(2);
    expect(b.get('g', 't', 0)?.metadata).toBe('x'.repeat(100));
  });

  it('drops a last record whose checksum does not match', async () => {
    const dir = tempDir();
    const a = await openOffsets(dir, {}, false);
    a.commit('g', [entry('t', 0, 1)]);
    const before = a.journalSize;
    a.commit('g', [entry('t', 0, 2)]);
    const [name] = journals(dir);
    const file = path.join(dir, CONSUMER_OFFSETS_DIR, name as string);
    const buf = fs.readFileSync(file);
    buf[before + 12] = (buf[before + 12] as number) ^ 0xff;
    fs.writeFileSync(file, buf);
    const b = await openOffsets(dir);
    expect(b.get('g', 't', 0)?.offset).toBe(1);
  });

  it('snapshots, deletes covered journals and reloads from the snapshot plus the new journal', async () => {
    const dir = tempDir();
    const a = await openOffsets(dir, {}, false);
    for (let i = 0; i < 100; i++) a.commit('g', [entry('t', i % 4, i)]);
    const first = journals(dir);
    await a.snapshot();
    expect(a.journalSize).toBe(0);
    const second = journals(dir);
    expect(second.length).toBe(1);
    expect(second[0]).not.toBe(first[0]);
    a.commit('g', [entry('t', 0, 1000)]);
    // Crash: reopen without closing.
    const b = await openOffsets(dir);
    expect(b.get('g', 't', 0)?.offset).toBe(1000);
    expect(b.get('g', 't', 3)?.offset).toBe(99);
  });

  it('snapshots on the flush timer once the journal passes the threshold', async () => {
    const dir = tempDir();
    const a = await openOffsets(dir, { flushIntervalMs: 20, snapshotThresholdBytes: 200 });
    for (let i = 0; i < 20; i++) a.commit('g', [entry('t', 0, i)]);
    expect(a.journalSize).toBeGreaterThan(200);
    await new Promise((r) => setTimeout(r, 150));
    expect(a.journalSize).toBe(0);
  });

  it('waits for fdatasync in sync flush mode', async () => {
    const dir = tempDir();
    const a = await openOffsets(dir, { flushMode: 'sync' });
    const out = a.commit('g', [entry('t', 0, 1)]);
    expect(out.status).toBe('ok');
    if (out.status === 'ok') await out.durable;
  });

  it('expires offsets of groups without members only', async () => {
    const dir = tempDir();
    let now = 10_000;
    const a = await openOffsets(dir, { nowMs: () => now, retentionMs: 1000 });
    a.commit('idle', [
      entry('t', 0, 1, { commitTimestampMs: 10_000 }),
      entry('t', 1, 1, { commitTimestampMs: 10_800 }),
    ]);
    a.commit('busy', [entry('t', 0, 1, { commitTimestampMs: 10_000 })]);
    a.commit('explicit', [entry('t', 0, 1, { commitTimestampMs: 10_000, expireTimestampMs: 100_000 })]);
    a.addActivityCheck((g) => g === 'busy');
    now = 10_500;
    expect(a.expire()).toBe(0);
    now = 11_000;
    expect(a.expire()).toBe(1);
    expect(a.get('idle', 't', 0)).toBeUndefined();
    expect(a.get('idle', 't', 1)?.offset).toBe(1);
    now = 20_000;
    expect(a.expire()).toBe(1);
    expect(a.hasGroup('idle')).toBe(false);
    expect(a.hasGroup('busy')).toBe(true);
    expect(a.hasGroup('explicit')).toBe(true);
    await a.flush();
  });

  it('deletes groups, offsets and topics durably', async () => {
    const dir = tempDir();
    const a = await openOffsets(dir, {}, false);
    a.commit('g1', [entry('t', 0, 1), entry('u', 0, 1)]);
    a.commit('g2', [entry('t', 0, 1), entry('t', 1, 1)]);
    a.commit('g3', [entry('v', 0, 1)]);
    a.deleteTopic('t');
    expect(a.deleteOffsets('g3', [{ topic: 'v', queueId: 0 }]).status).toBe('ok');
    expect(a.deleteGroup('nope')).toEqual({ status: 'ok', found: false });
    const b = await openOffsets(dir);
    expect(b.groups()).toEqual(['g1']);
    expect(b.list('g1').map((e) => e.topic)).toEqual(['u']);
    expect(b.deleteGroup('g1')).toEqual({ status: 'ok', found: true });
    expect(b.groups()).toEqual([]);
  });

  it('reports a failed journal write and keeps the old state', async () => {
    const dir = tempDir();
    let fail = false;
    const a = await openOffsets(dir, {
      writeSync: (fd, buf, off, len, pos) => {
        if (fail) throw Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' });
        return fs.writeSync(fd, buf, off, len, pos);
      },
    });
    a.commit('g', [entry('t', 0, 1)]);
    fail = true;
    const out = a.commit('g', [entry('t', 0, 2)]);
    expect(out.status).toBe('storage-error');
    expect(a.get('g', 't', 0)?.offset).toBe(1);
    fail = false;
  });
});

describe('consumer offsets inside the store', () => {
  it('open and close with the store; deleting a topic removes its offsets', async () => {
    const dir = tempDir();
    const store = createMessageStore({ dataDir: dir, flushIntervalMs: 60_000 }, log);
    await store.open();
    await store.createTopic('t', 2, {});
    store.consumerOffsets.commit('g', [entry('t', 0, 3), entry('other', 0, 4)]);
    await store.close();
    const again = createMessageStore({ dataDir: dir, flushIntervalMs: 60_000 }, log);
    await again.open();
    expect(again.consumerOffsets.get('g', 't', 0)?.offset).toBe(3);
    expect((await again.deleteTopic('t')).status).toBe('ok');
    expect(again.consumerOffsets.get('g', 't', 0)).toBeUndefined();
    expect(again.consumerOffsets.get('g', 'other', 0)?.offset).toBe(4);
    await again.close();
  });
});
