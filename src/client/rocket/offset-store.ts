import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrokerApi } from './broker-api.js';
import { RocketClientError } from './client-error.js';
import { mqKey, type MessageQueue } from './topic-route.js';

/** Where a consumer keeps the offsets it has consumed up to (the next offset to consume). */
export interface OffsetStore {
  load(): Promise<void>;
  /** The stored offset, or -1 when there is none. */
  read(mq: MessageQueue): Promise<number>;
  /** Records progress in memory; `persist` makes it durable. */
  update(mq: MessageQueue, offset: number): void;
  /** The in-memory offset, or -1. */
  current(mq: MessageQueue): number;
  persist(mqs: readonly MessageQueue[]): Promise<void>;
  remove(mq: MessageQueue): void;
}

/** Clustering: offsets live on the broker (QUERY_CONSUMER_OFFSET / UPDATE_CONSUMER_OFFSET). */
export class RemoteOffsetStore implements OffsetStore {
  private readonly table = new Map<string, { mq: MessageQueue; offset: number }>();

  constructor(
    private readonly api: BrokerApi,
    private readonly group: string,
  ) {}

  async load(): Promise<void> {}

  async read(mq: MessageQueue): Promise<number> {
    const offset = await this.api.queryConsumerOffset(this.group, mq);
    if (offset >= 0) this.table.set(mqKey(mq), { mq, offset });
    return offset;
  }

  update(mq: MessageQueue, offset: number): void {
    this.table.set(mqKey(mq), { mq, offset });
  }

  current(mq: MessageQueue): number {
    return this.table.get(mqKey(mq))?.offset ?? -1;
  }

  async persist(mqs: readonly MessageQueue[]): Promise<void> {
    for (const mq of mqs) {
      const e = this.table.get(mqKey(mq));
      if (e !== undefined && e.offset >= 0) await this.api.updateConsumerOffset(this.group, mq, e.offset);
    }
  }

  remove(mq: MessageQueue): void {
    this.table.delete(mqKey(mq));
  }
}

/**
 * Broadcasting: offsets kept in a local JSON file, `<dir>/<clientId>/<group>/offsets.json`
 * (`{"offsetTable":{"topic@broker@queueId":offset}}`), written through a temporary file and a rename.
 */
export class LocalFileOffsetStore implements OffsetStore {
  private readonly table = new Map<string, number>();
  readonly file: string;

  constructor(dir: string, clientId: string, group: string) {
    this.file = join(dir, encodeURIComponent(clientId), encodeURIComponent(group), 'offsets.json');
  }

  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new RocketClientError('RMQ_CLIENT_STATE', `cannot read ${this.file}`, { cause: err });
    }
    const parsed = JSON.parse(text) as { offsetTable?: Record<string, unknown> };
    for (const [k, v] of Object.entries(parsed.offsetTable ?? {}))
      if (typeof v === 'number' && Number.isInteger(v)) this.table.set(k, v);
  }

  async read(mq: MessageQueue): Promise<number> {
    return this.current(mq);
  }

  update(mq: MessageQueue, offset: number): void {
    this.table.set(mqKey(mq), offset);
  }

  current(mq: MessageQueue): number {
    return this.table.get(mqKey(mq)) ?? -1;
  }

  async persist(): Promise<void> {
    const dir = join(this.file, '..');
    await mkdir(dir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify({ offsetTable: Object.fromEntries(this.table) }));
    await rename(tmp, this.file);
  }

  remove(mq: MessageQueue): void {
    this.table.delete(mqKey(mq));
  }
}
