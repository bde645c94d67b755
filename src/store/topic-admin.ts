import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BrokerError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { QueueState } from './queue-state.js';
import { topicDirName, validateStoreTopicName, validateTopicConfig } from './topic-config.js';
import type { TopicRecord, TopicTable } from './topic-table.js';
import type { TopicInfo, TopicResult } from './types.js';

export const MAX_QUEUE_COUNT = 10000;
export const QUEUES_DIR = 'queues';
export const TOPIC_ID_FILE = 'topic-id';

/** Topic create / delete / grow / reconfigure, with validation and persistence. */
export class TopicAdmin {
  private readonly table: TopicTable;
  private readonly queuesDir: string;
  private readonly entriesPerFile: number;
  private readonly nowMs: () => number;

  constructor(table: TopicTable, dataDir: string, entriesPerFile: number, nowMs: () => number) {
    this.table = table;
    this.queuesDir = path.join(dataDir, QUEUES_DIR);
    this.entriesPerFile = entriesPerFile;
    this.nowMs = nowMs;
  }

  /** Creates the in-memory queues of a topic (also used when loading topics.json). */
  attachQueues(record: TopicRecord, queueCount: number): void {
    for (let id = record.queues.length; id < queueCount; id++) {
      record.queues.push(new QueueState(this.queueDir(record.info.name, id), id, this.entriesPerFile));
    }
  }

  async create(
    name: string,
    queueCount: number,
    overrides: Record<string, string>,
    validateOnly: boolean,
  ): Promise<TopicResult> {
    const badName = validateStoreTopicName(name);
    if (badName !== undefined) return { status: 'invalid-topic-name', message: badName };
    if (this.table.get(name) !== undefined) return { status: 'topic-exists' };
    if (!Number.isInteger(queueCount) || queueCount < 1 || queueCount > MAX_QUEUE_COUNT) {
      return {
        status: 'invalid-queue-count',
        message: `queue count must be 1..${MAX_QUEUE_COUNT}, got ${queueCount}`,
      };
    }
    const badConfig = validateTopicConfig(overrides);
    if (badConfig !== undefined) return { status: 'invalid-config', message: badConfig };
    const record = this.table.makeRecord(name, randomBytes(16), queueCount, overrides, this.nowMs());
    if (validateOnly) return { status: 'ok', topic: copyInfo(record.info) };
    this.attachQueues(record, queueCount);
    this.table.add(record);
    // A directory left by an older topic of this name is stale; the id file ties the new one to this topic.
    const topicDir = path.join(this.queuesDir, topicDirName(name));
    try {
      await fs.promises.rm(topicDir, { recursive: true, force: true });
      await fs.promises.mkdir(topicDir, { recursive: true });
      await writeFileAtomic(path.join(topicDir, TOPIC_ID_FILE), `${record.idHex}\n`);
      await this.table.persist();
    } catch (cause) {
      // Not in topics.json (disk full?): a topic kept only in memory would take appends that a restart
      // then drops, so it goes.
      this.table.remove(record);
      const code =
        (cause as NodeJS.ErrnoException).code === 'ENOSPC' ? 'BRK_ERR_STORE_DISK_FULL' : 'BRK_ERR_STORE_IO';
      throw new BrokerError(code, `could not persist the new topic ${name}`, { cause });
    }
    return { status: 'ok', topic: copyInfo(record.info) };
  }

  async delete(name: string): Promise<TopicResult> {
    const record = this.table.get(name);
    if (record === undefined) return { status: 'topic-not-found' };
    this.table.remove(record);
    await this.table.persist();
    await Promise.all(record.queues.map((q) => q.files.removeAll()));
    await fs.promises.rm(path.join(this.queuesDir, topicDirName(name)), { recursive: true, force: true });
    return { status: 'ok', topic: copyInfo(record.info) };
  }

  async setQueueCount(name: string, newQueueCount: number, validateOnly: boolean): Promise<TopicResult> {
    const record = this.table.get(name);
    if (record === undefined) return { status: 'topic-not-found' };
    const current = record.info.queueCount;
    if (!Number.isInteger(newQueueCount) || newQueueCount > MAX_QUEUE_COUNT) {
      return {
        status: 'invalid-queue-count',
        message: `queue count must be an integer up to ${MAX_QUEUE_COUNT}, got ${newQueueCount}`,
      };
    }
    if (newQueueCount <= current) {
      return {
        status: 'invalid-queue-count',
        message: `topic ${name} has ${current} queues; the new count must be larger, got ${newQueueCount}`,
      };
    }
    if (validateOnly) return { status: 'ok', topic: { ...copyInfo(record.info), queueCount: newQueueCount } };
    this.attachQueues(record, newQueueCount);
    record.info.queueCount = newQueueCount;
    await this.table.persist();
    return { status: 'ok', topic: copyInfo(record.info) };
  }

  async alterConfig(
    name: string,
    changes: Record<string, string | null>,
    mode: 'set' | 'incremental',
    validateOnly: boolean,
  ): Promise<TopicResult> {
    const record = this.table.get(name);
    if (record === undefined) return { status: 'topic-not-found' };
    const next: Record<string, string> = mode === 'set' ? {} : { ...record.info.overrides };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    const badConfig = validateTopicConfig(next);
    if (badConfig !== undefined) return { status: 'invalid-config', message: badConfig };
    if (validateOnly) {
      const preview = this.table.makeRecord(
        name,
        record.info.id,
        record.info.queueCount,
        next,
        record.info.createdAtMs,
      );
      return { status: 'ok', topic: copyInfo(preview.info) };
    }
    this.table.setOverrides(record, next);
    await this.table.persist();
    return { status: 'ok', topic: copyInfo(record.info) };
  }

  private queueDir(topic: string, queueId: number): string {
    return path.join(this.queuesDir, topicDirName(topic), String(queueId));
  }
}

/** A snapshot for callers, so that they never hold the store's live object. */
export function copyInfo(info: TopicInfo): TopicInfo {
  return { ...info, overrides: { ...info.overrides }, config: { ...info.config } };
}
