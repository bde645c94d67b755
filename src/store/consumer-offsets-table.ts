import {
  type CommittedOffset,
  type OffsetCommitEntry,
  type OffsetRecord,
  OffsetRecordType,
} from './consumer-offsets-format.js';

/** The in-memory committed offsets: group -> topic -> queue -> offset, changed only by applying records. */
export class OffsetTable {
  readonly groups = new Map<string, Map<string, Map<number, CommittedOffset>>>();

  get(group: string, topic: string, queueId: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(topic)?.get(queueId);
  }

  /** Every committed offset of a group, ordered by topic then queue. */
  list(group: string): OffsetCommitEntry[] {
    const out: OffsetCommitEntry[] = [];
    const byTopic = this.groups.get(group);
    if (byTopic === undefined) return out;
    for (const topic of [...byTopic.keys()].sort()) {
      const queues = byTopic.get(topic);
      if (queues === undefined) continue;
      for (const queueId of [...queues.keys()].sort((a, b) => a - b)) {
        const c = queues.get(queueId);
        if (c !== undefined) out.push({ topic, queueId, ...c });
      }
    }
    return out;
  }

  apply(r: OffsetRecord): void {
    switch (r.type) {
      case OffsetRecordType.Commit: {
        let byTopic = this.groups.get(r.group);
        if (byTopic === undefined) {
          byTopic = new Map();
          this.groups.set(r.group, byTopic);
        }
        for (const e of r.entries) {
          let queues = byTopic.get(e.topic);
          if (queues === undefined) {
            queues = new Map();
            byTopic.set(e.topic, queues);
          }
          const c: CommittedOffset = {
            offset: e.offset,
            leaderEpoch: e.leaderEpoch,
            metadata: e.metadata,
            commitTimestampMs: e.commitTimestampMs,
          };
          if (e.expireTimestampMs !== undefined) c.expireTimestampMs = e.expireTimestampMs;
          queues.set(e.queueId, c);
        }
        return;
      }
      case OffsetRecordType.DeleteOffsets: {
        const byTopic = this.groups.get(r.group);
        if (byTopic === undefined) return;
        for (const k of r.keys) {
          const queues = byTopic.get(k.topic);
          queues?.delete(k.queueId);
          if (queues?.size === 0) byTopic.delete(k.topic);
        }
        if (byTopic.size === 0) this.groups.delete(r.group);
        return;
      }
      case OffsetRecordType.DeleteGroup:
        this.groups.delete(r.group);
        return;
      case OffsetRecordType.DeleteTopic:
        for (const [group, byTopic] of this.groups) {
          byTopic.delete(r.topic);
          if (byTopic.size === 0) this.groups.delete(group);
        }
        return;
    }
  }
}
