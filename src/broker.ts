import { mkdir } from 'node:fs/promises';
import type { BrokerConfig } from './config.js';
import { DataDirLock } from './data-dir-lock.js';
import { ClusterView, loadClusterIdentity } from './coordinator/index.js';
import type { Logger } from './logger.js';
import { createKafkaHandlers, GroupCoordinator, KafkaListener } from './protocol/kafka/index.js';
import { AppendWaiters, createMessageStore, type MessageStore } from './store/index.js';

export interface BrokerAddresses {
  kafka: { host: string; port: number };
  dataDir: string;
}

/** The composition root: builds the store, the cluster view and the protocol listeners. */
export class Broker {
  private store: MessageStore | undefined;
  private kafka: KafkaListener | undefined;
  private groups: GroupCoordinator | undefined;
  private lock: DataDirLock | undefined;

  constructor(
    private readonly config: BrokerConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<BrokerAddresses> {
    const { config, logger } = this;
    await mkdir(config.dataDir, { recursive: true });
    this.lock = new DataDirLock(config.dataDir);
    this.lock.acquire();
    const store = createMessageStore(
      {
        dataDir: config.dataDir,
        segmentBytes: config.segmentBytes,
        preallocateSegments: config.preallocateSegments,
        flushMode: config.flushMode,
        flushIntervalMs: config.flushIntervalMs,
        retentionCheckIntervalMs: config.retentionCheckIntervalMs,
        retentionMs: config.retentionMs,
        retentionBytes: config.retentionBytes,
        maxMessageBytes: config.maxMessageBytes,
        offsetsRetentionMs: config.offsetsRetentionMs,
        timestampType: 'CreateTime',
      },
      logger,
    );
    await store.open();
    this.store = store;
    const cluster = new ClusterView(await loadClusterIdentity(config.dataDir, config.nodeId));
    const handlers = createKafkaHandlers();
    const groups = new GroupCoordinator({
      initialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
      offsets: store.consumerOffsets,
      log: logger,
    });
    this.groups = groups;
    const kafka = new KafkaListener(
      { store, cluster, config, waiters: new AppendWaiters(store), handlers, groups },
      logger.child({ component: 'kafka' }),
    );
    const address = await kafka.start();
    cluster.setKafkaEndpoint(config.advertisedHost, address.port);
    this.kafka = kafka;
    return { kafka: address, dataDir: config.dataDir };
  }

  /** Stops accepting, closes connections, then flushes and closes the store (a clean shutdown). */
  async stop(): Promise<void> {
    await this.kafka?.stop();
    this.kafka = undefined;
    this.groups?.close();
    this.groups = undefined;
    await this.store?.close();
    this.store = undefined;
    this.lock?.release();
    this.lock = undefined;
  }
}
