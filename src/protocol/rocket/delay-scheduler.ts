import type { Logger } from '../../logger.js';
import { decodeRocketMessage, parseProperties, type RocketMessageFields } from '../../model/index.js';
import { PayloadFormat } from '../../store/index.js';
import {
  PROPERTY_DELAY,
  PROPERTY_REAL_QUEUE_ID,
  PROPERTY_REAL_TOPIC,
  SCHEDULE_TOPIC,
} from './delay-levels.js';
import { writeRocketMessage } from './message-writer.js';
import type { RocketServices } from './services.js';

/**
 * The reserved consumer group whose committed offsets are the scheduler's progress, one per level
 * (topic SCHEDULE_TOPIC_XXXX, queue level - 1): RocketMQ's delayOffset.json, kept in the shared store.
 */
export const DELAY_PROGRESS_GROUP = '%FERRYMQ_DELAY%';
const TICK_MS = 100;
const READ_BYTES = 256 * 1024;

/**
 * Moves due messages from SCHEDULE_TOPIC_XXXX to their real topic (REFERENCE §4.3). Each level's queue
 * holds entries in due-time order (same delay, append order), so a level stops at its first entry not due.
 */
export class DelayScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private releaseActivityCheck: (() => void) | undefined;

  constructor(
    private readonly services: RocketServices,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.releaseActivityCheck = this.services.store.consumerOffsets.addActivityCheck(
      (g) => g === DELAY_PROGRESS_GROUP,
    );
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((err: unknown) => this.log.error({ err }, 'delay scheduler tick failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.releaseActivityCheck?.();
    this.releaseActivityCheck = undefined;
  }

  /** One pass over every level (exposed for tests). */
  async tick(): Promise<void> {
    const { store } = this.services;
    const topic = store.getTopic(SCHEDULE_TOPIC);
    if (topic === undefined) return;
    for (let queueId = 0; queueId < topic.queueCount; queueId++) await this.drainLevel(queueId);
  }

  private async drainLevel(queueId: number): Promise<void> {
    const { store } = this.services;
    const bounds = store.queueBounds(SCHEDULE_TOPIC, queueId);
    if (bounds === undefined) return;
    let offset = Math.max(
      bounds.logStartOffset,
      store.consumerOffsets.get(DELAY_PROGRESS_GROUP, SCHEDULE_TOPIC, queueId)?.offset ?? 0,
    );
    while (offset < bounds.highWatermark) {
      const read = await store.read(SCHEDULE_TOPIC, queueId, offset, {
        maxBytes: READ_BYTES,
        atLeastOne: true,
      });
      if (read.status !== 'ok' || read.entries.length === 0) return;
      for (const entry of read.entries) {
        if (entry.baseOffset < offset) continue;
        if (entry.format === PayloadFormat.RocketMessage) {
          if (entry.tagsCode > this.services.nowMs()) return;
          // A failed write is retried on the next tick; the progress stays before it.
          if (!(await this.deliver(entry.payload))) return;
        }
        offset = entry.baseOffset + entry.count;
        this.commit(queueId, offset);
      }
    }
  }

  /** False when the message should be tried again later. */
  private async deliver(payload: Buffer): Promise<boolean> {
    let message: RocketMessageFields;
    try {
      message = decodeRocketMessage(payload).message;
    } catch (err) {
      this.log.error({ err }, 'undecodable scheduled message skipped');
      return true;
    }
    const properties = parseProperties(message.properties);
    const topic = properties.get(PROPERTY_REAL_TOPIC);
    const queueId = Number(properties.get(PROPERTY_REAL_QUEUE_ID) ?? '0');
    properties.delete(PROPERTY_DELAY);
    properties.delete(PROPERTY_REAL_TOPIC);
    properties.delete(PROPERTY_REAL_QUEUE_ID);
    const target = topic === undefined ? undefined : this.services.store.getTopic(topic);
    if (topic === undefined || target === undefined) {
      this.log.warn({ topic }, 'scheduled message dropped: its topic no longer exists');
      return true;
    }
    const written = await writeRocketMessage(this.services, this.log, {
      topic,
      queueId: Number.isInteger(queueId) && queueId >= 0 && queueId < target.queueCount ? queueId : 0,
      flag: message.flag,
      sysFlag: message.sysFlag,
      bornTimestampMs: message.bornTimestampMs,
      bornHost: message.bornHost,
      reconsumeTimes: message.reconsumeTimes,
      body: message.body,
      properties,
    });
    if (written.status !== 'ok') {
      this.log.error({ topic, remark: written.reply.remark }, 'scheduled message could not be delivered');
      return false;
    }
    return true;
  }

  private commit(queueId: number, offset: number): void {
    const result = this.services.store.consumerOffsets.commit(DELAY_PROGRESS_GROUP, [
      {
        topic: SCHEDULE_TOPIC,
        queueId,
        offset,
        leaderEpoch: -1,
        metadata: null,
        commitTimestampMs: this.services.nowMs(),
      },
    ]);
    if (result.status !== 'ok') this.log.warn({ reason: result.message }, 'delay progress not saved');
  }
}
