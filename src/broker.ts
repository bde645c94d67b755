import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { NAMESRV_DATA_SUBDIR, type BrokerConfig } from './config.js';
import { DataDirLock } from './data-dir-lock.js';
import { BrokerError } from './errors.js';
import { ClusterView, loadClusterIdentity } from './coordinator/index.js';
import type { Logger } from './logger.js';
import {
  createKafkaHandlers,
  decompressBatchBody,
  GroupCoordinator,
  KafkaListener,
  ProducerStates,
  TransactionCoordinator,
} from './protocol/kafka/index.js';
import {
  parseDelayLevels,
  parseNamesrvAddrs,
  RocketFrontEnd,
  type RocketAddresses,
} from './protocol/rocket/index.js';
import { AppendWaiters, createMessageStore, type MessageStore } from './store/index.js';

export interface BrokerAddresses {
  kafka: { host: string; port: number };
  rocket: RocketAddresses;
  dataDir: string;
}

/** The composition root: builds the store, the cluster view and the protocol listeners. */
export class Broker {
  private store: MessageStore | undefined;
  private kafka: KafkaListener | undefined;
  private rocket: RocketFrontEnd | undefined;
  private groups: GroupCoordinator | undefined;
  private transactions: TransactionCoordinator | undefined;
  private lock: DataDirLock | undefined;

  constructor(
    private readonly config: BrokerConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<BrokerAddresses> {
    const { config, logger } = this;
    const delayLevelsMs = delayLevelsOf(config.delayLevels);
    const namesrvAddrs = parseNamesrvAddrs(config.namesrv);
    if (typeof namesrvAddrs === 'string')
      throw new BrokerError('BRK_ERR_CONFIG_INVALID', `namesrv: ${namesrvAddrs}`);
    await mkdir(config.dataDir, { recursive: true });
    this.lock = new DataDirLock(config.dataDir);
    this.lock.acquire();
    const store = createMessageStore(
      {
        dataDir: config.dataDir,
        segmentBytes: config.segmentBytes,
        preallocateSegments: config.preallocateSegments,
        verifyReadCrc: config.verifyReadCrc,
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
    const producerStates = new ProducerStates(store, logger.child({ component: 'producer-state' }));
    const transactions = new TransactionCoordinator({
      dataDir: config.dataDir,
      producerStates,
      offsets: store.consumerOffsets,
      log: logger,
    });
    await transactions.open();
    this.transactions = transactions;
    const kafka = new KafkaListener(
      {
        store,
        cluster,
        config,
        waiters: new AppendWaiters(store),
        handlers,
        groups,
        producerStates,
        transactions,
      },
      logger.child({ component: 'kafka' }),
    );
    const address = await kafka.start();
    cluster.setKafkaEndpoint(config.advertisedHost, address.port);
    this.kafka = kafka;
    const rocket = new RocketFrontEnd(
      store,
      new AppendWaiters(store),
      {
        host: config.host,
        advertisedHost: config.advertisedHost,
        remotingPort: config.remotingPort,
        namesrvPort: config.namesrvPort,
        maxConnections: config.maxConnections,
        maxInflightRequests: config.maxInflightRequests,
        autoCreateTopics: config.autoCreateTopics,
        maxDecompressedBytes: config.maxDecompressedBytes,
        clusterName: 'DefaultCluster',
        brokerName: `ferrymq-${config.nodeId}`,
        decompressBatch: decompressBatchBody,
        delayLevelsMs,
        namesrvAddrs,
        dataDir: config.dataDir,
        namesrvDataDir: path.join(config.dataDir, NAMESRV_DATA_SUBDIR),
        clientExpireMs: config.clientExpireMs,
        notifyConsumerIdsChangedEnable: config.notifyConsumerIdsChangedEnable,
        transactionCheckIntervalMs: config.transactionCheckIntervalMs,
        transactionTimeoutMs: config.transactionTimeoutMs,
        transactionCheckMax: config.transactionCheckMax,
        queueLockExpireMs: config.queueLockExpireMs,
        enablePropertyFilter: config.enablePropertyFilter,
      },
      logger.child({ component: 'rocketmq' }),
    );
    this.rocket = rocket;
    const rocketAddresses = await rocket.start();
    return { kafka: address, rocket: rocketAddresses, dataDir: config.dataDir };
  }

  /** Stops accepting, closes connections, then flushes and closes the store (a clean shutdown). */
  async stop(): Promise<void> {
    await this.kafka?.stop();
    await this.rocket?.stop();
    this.rocket = undefined;
    this.kafka = undefined;
    this.groups?.close();
    this.groups = undefined;
    await this.transactions?.close();
    this.transactions = undefined;
    await this.store?.close();
    this.store = undefined;
    this.lock?.release();
    this.lock = undefined;
  }
}

/** `--delay-levels` -> ms per level; a bad table stops the start. */
function delayLevelsOf(text: string): number[] {
  const levels = parseDelayLevels(text);
  if (typeof levels === 'string') throw new BrokerError('BRK_ERR_CONFIG_INVALID', `delayLevels: ${levels}`);
  return levels;
}
