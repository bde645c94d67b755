import type { Logger } from '../../../logger.js';
import {
  type TransactionMetadata,
  deserializeTransaction,
  serializeTransaction,
} from './transaction-state.js';
import { type JournalRecord, JournalRecordType, TxnJournal } from './txn-journal.js';

const DEFAULT_PRODUCER_ID_BLOCK = 1000;
/** Rewrite the journal once it holds this many bytes. */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

/**
 * The coordinator's durable side: producer-id allocation in journaled blocks, and the journal of
 * transaction states (docs/formats/transactions.md).
 */
export class TransactionLog {
  private readonly journal: TxnJournal;
  private nextProducerId = 0n;
  private reservedEnd = 0n;
  /** A block was reserved in memory and is not journaled yet. */
  private pendingBlock = false;

  constructor(
    dataDir: string,
    private readonly log: Logger,
    private readonly blockSize = DEFAULT_PRODUCER_ID_BLOCK,
  ) {
    this.journal = new TxnJournal(dataDir, log);
  }

  /** The next id to hand out (diagnostics). */
  get nextId(): bigint {
    return this.nextProducerId;
  }

  /** Replays the journal: the last state of every transactional id, by id. */
  load(): Map<string, TransactionMetadata> {
    const txns = new Map<string, TransactionMetadata>();
    for (const rec of this.journal.load()) {
      switch (rec.type) {
        case JournalRecordType.ProducerIdBlock: {
          const end = rec.body['end'];
          if (typeof end === 'string' && /^\d+$/.test(end) && BigInt(end) > this.reservedEnd) {
            this.reservedEnd = BigInt(end);
          }
          break;
        }
        case JournalRecordType.Transaction: {
          const t = deserializeTransaction(rec.body);
          if (t === undefined) this.log.warn({ body: rec.body }, 'skipping a malformed transaction record');
          else txns.set(t.transactionalId, t);
          break;
        }
        case JournalRecordType.RemoveTransaction: {
          const id = rec.body['id'];
          if (typeof id === 'string') txns.delete(id);
          break;
        }
      }
    }
    // Ids handed out before the restart may be anywhere below the last reserved end.
    this.nextProducerId = this.reservedEnd;
    return txns;
  }

  /** Rewrites the journal with exactly the current state. */
  compact(txns: Iterable<TransactionMetadata>): void {
    const records: JournalRecord[] = [
      { type: JournalRecordType.ProducerIdBlock, body: { end: this.reservedEnd.toString() } },
    ];
    for (const t of txns)
      records.push({ type: JournalRecordType.Transaction, body: serializeTransaction(t) });
    this.journal.rewrite(records);
    this.pendingBlock = false;
  }

  /** Hands out the next producer id, reserving a new block when the current one is used up. */
  allocate(): bigint {
    if (this.nextProducerId >= this.reservedEnd) {
      this.reservedEnd = this.nextProducerId + BigInt(this.blockSize);
      this.pendingBlock = true;
    }
    const id = this.nextProducerId;
    this.nextProducerId += 1n;
    return id;
  }

  /**
   * Journals the given transactions (and a newly reserved producer-id block) and waits for the fsync.
   * The write itself is synchronous, so journal order is decision order. `all` is every transaction,
   * for when the journal is due for compaction.
   */
  async persist(
    txns: readonly TransactionMetadata[],
    all: () => Iterable<TransactionMetadata>,
  ): Promise<boolean> {
    const records: JournalRecord[] = [];
    if (this.pendingBlock) {
      records.push({ type: JournalRecordType.ProducerIdBlock, body: { end: this.reservedEnd.toString() } });
      this.pendingBlock = false;
    }
    for (const t of txns)
      records.push({ type: JournalRecordType.Transaction, body: serializeTransaction(t) });
    if (records.length === 0) return true;
    try {
      if (this.journal.bytes > COMPACT_AT_BYTES) {
        this.compact(all());
        return true;
      }
      await this.journal.append(records);
      return true;
    } catch (err) {
      this.log.error({ err }, 'transaction journal write failed');
      return false;
    }
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
