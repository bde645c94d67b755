import fs from 'node:fs';
import path from 'node:path';
import { BrokerError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';
import type { QueueState } from './queue-state.js';
import { effectiveTopicConfig } from './topic-config.js';
import type { TopicConfigValues, TopicInfo } from './types.js';

/** A live topic: its public description plus what the write and read paths need. */
export interface TopicRecord {
  info: TopicInfo;
  idHex: string;
  /** The UTF-8 name, as written into every entry header. */
  nameBytes: Buffer;
  queues: QueueState[];
}

interface StoredTopic {
  name: string;
  id: string;
  queueCount: number;
  overrides: Record<string, string>;
  createdAtMs: number;
}

export const TOPICS_FILE = 'topics.json';

/** Topics by name and id, persisted atomically to `<dataDir>/topics.json`. */
export class TopicTable {
  private readonly filePath: string;
  private readonly defaults: TopicConfigValues;
  private readonly byName = new Map<string, TopicRecord>();
  private readonly byId = new Map<string, TopicRecord>();
  private writes: Promise<void> = Promise.resolve();

  constructor(dataDir: string, defaults: TopicConfigValues) {
    this.filePath = path.join(dataDir, TOPICS_FILE);
    this.defaults = defaults;
  }

  /** Reads topics.json (missing = no topics). Queues are attached by the caller. */
  loadSync(): TopicRecord[] {
    if (!fs.existsSync(this.filePath)) return [];
    let stored: StoredTopic[];
    try {
      stored = parseTopicsFile(fs.readFileSync(this.filePath, 'utf8'));
    } catch (cause) {
      throw new BrokerError('BRK_ERR_STORE_METADATA_CORRUPT', `${this.filePath} is unreadable`, { cause });
    }
    return stored.map((t) =>
      this.makeRecord(t.name, Buffer.from(t.id, 'hex'), t.queueCount, t.overrides, t.createdAtMs),
    );
  }

  makeRecord(
    name: string,
    id: Buffer,
    queueCount: number,
    overrides: Record<string, string>,
    createdAtMs: number,
  ): TopicRecord {
    const info: TopicInfo = {
      name,
      id,
      queueCount,
      overrides: { ...overrides },
      config: effectiveTopicConfig(this.defaults, overrides),
      createdAtMs,
    };
    return { info, idHex: id.toString('hex'), nameBytes: Buffer.from(name, 'utf8'), queues: [] };
  }

  /** Applies new overrides to a record (already validated). */
  setOverrides(record: TopicRecord, overrides: Record<string, string>): void {
    record.info.overrides = { ...overrides };
    record.info.config = effectiveTopicConfig(this.defaults, overrides);
  }

  add(record: TopicRecord): void {
    this.byName.set(record.info.name, record);
    this.byId.set(record.idHex, record);
  }

  remove(record: TopicRecord): void {
    this.byName.delete(record.info.name);
    this.byId.delete(record.idHex);
  }

  get(name: string): TopicRecord | undefined {
    return this.byName.get(name);
  }

  getById(idHex: string): TopicRecord | undefined {
    return this.byId.get(idHex);
  }

  all(): IterableIterator<TopicRecord> {
    return this.byName.values();
  }

  /** Writes the current table; calls run one after another and each writes the state current at its turn. */
  persist(): Promise<void> {
    const next = this.writes.then(() => writeFileAtomic(this.filePath, this.serialize()));
    this.writes = next.catch(() => undefined);
    return next;
  }

  private serialize(): string {
    const topics: StoredTopic[] = [...this.byName.values()].map((r) => ({
      name: r.info.name,
      id: r.idHex,
      queueCount: r.info.queueCount,
      overrides: r.info.overrides,
      createdAtMs: r.info.createdAtMs,
    }));
    return `${JSON.stringify({ version: 1, topics }, null, 2)}\n`;
  }
}

function parseTopicsFile(text: string): StoredTopic[] {
  const parsed: unknown = JSON.parse(text);
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('topics' in parsed) ||
    !Array.isArray(parsed.topics)
  ) {
    throw new Error('missing "topics" array');
  }
  return (parsed.topics as unknown[]).map((t, i) => {
    const o = t as Partial<StoredTopic>;
    if (
      typeof o.name !== 'string' ||
      typeof o.id !== 'string' ||
      !/^[0-9a-f]{32}$/.test(o.id) ||
      typeof o.queueCount !== 'number' ||
      typeof o.createdAtMs !== 'number' ||
      typeof o.overrides !== 'object' ||
      o.overrides === null
    ) {
      throw new Error(`topic #${i} is malformed`);
    }
    return o as StoredTopic;
  });
}
