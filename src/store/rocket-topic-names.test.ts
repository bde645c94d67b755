import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logger.js';
import { type DiskMessageStore, createMessageStore } from './message-store.js';
import { makeTempDir, removeDir } from './store-fixtures.js';
import { topicDirName, validateStoreTopicName } from './topic-config.js';
import { PayloadFormat } from './types.js';

const dirs: string[] = [];
const stores: DiskMessageStore[] = [];

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function open(dataDir: string): Promise<DiskMessageStore> {
  const store = createMessageStore(
    { dataDir, segmentBytes: 64 * 1024, flushIntervalMs: 60_000, retentionMs: 3_600_000 },
    createSilentLogger(),
  );
  await store.open();
  stores.push(store);
  return store;
}

describe('RocketMQ system topic names', () => {
  it('accepts %RETRY% and %DLQ% names, keeps Kafka rules for the rest', () => {
    expect(validateStoreTopicName('%RETRY%group-1')).toBeUndefined();
    expect(validateStoreTopicName('%DLQ%ns%group|x')).toBeUndefined();
    expect(validateStoreTopicName('orders.v1')).toBeUndefined();
    expect(validateStoreTopicName('a%b')).toBeDefined();
    expect(validateStoreTopicName('a|b')).toBeDefined();
    expect(validateStoreTopicName('%RETRY%a.b')).toBeDefined();
    expect(validateStoreTopicName(`%RETRY%${'a'.repeat(121)}`)).toBeDefined();
  });

  it('escapes unsafe characters in directory names only', () => {
    expect(topicDirName('orders.v1_a-b')).toBe('orders.v1_a-b');
    expect(topicDirName('%RETRY%g|x')).toBe('%25RETRY%25g%7Cx');
  });

  it('stores, reopens and deletes a retry topic', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    let store = await open(dir);
    const name = '%RETRY%g|x';
    expect((await store.createTopic(name, 1, {})).status).toBe('ok');
    expect(fs.existsSync(path.join(dir, 'queues', topicDirName(name), 'topic-id'))).toBe(true);
    const payload = Buffer.from('hello');
    const res = store.append({
      topic: name,
      queueId: 0,
      format: PayloadFormat.RocketMessage,
      payload,
      count: 1,
      maxTimestampMs: 1,
    });
    expect(res.status).toBe('ok');
    if (res.status === 'ok') await res.durable;
    stores.splice(stores.indexOf(store), 1);
    await store.close();
    store = await open(dir);
    const read = await store.read(name, 0, 0, { maxBytes: 1024, atLeastOne: true });
    expect(read.status).toBe('ok');
    if (read.status === 'ok') expect(read.entries[0]?.payload.toString()).toBe('hello');
    expect((await store.deleteTopic(name)).status).toBe('ok');
    expect(fs.existsSync(path.join(dir, 'queues', topicDirName(name)))).toBe(false);
  });
});
