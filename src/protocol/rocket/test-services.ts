import { RouteRegistry } from '../../coordinator/index.js';
import type { Logger } from '../../logger.js';
import { AppendWaiters, type DiskMessageStore, type MessageStore } from '../../store/index.js';
import { TempStores } from '../../store/store-fixtures.js';
import { ClientRegistry } from './client-registry.js';
import { SerializeType } from './codec/remoting-command.js';
import type { OutgoingMessage } from './message-writer.js';
import type { ConnectionInfo, RocketRequestContext } from './processor.js';
import type { RocketServices } from './services.js';

/**
 * Unit-test fixtures for the RocketMQ front end: stores in temporary directories, the RocketServices
 * around one, and request contexts for calling processors directly. Nothing here imports the test
 * runner, so the module is harmless in dist.
 */

/** The broker's store host in tests (127.0.0.1:10911), also used as the born host of test messages. */
export const TEST_HOST = { address: Buffer.from([127, 0, 0, 1]), port: 10911 };

const TEST_CONNECTION: ConnectionInfo = { id: 'broker#1', remoteAddress: '127.0.0.1', remotePort: 5555 };

/** Temporary stores (see TempStores) opened with the settings the RocketMQ unit tests use. */
export class TestStores extends TempStores {
  /** Opens a store in `dir` (64 KiB segments, no timed flush during a test); closeAll closes it. */
  openAt(dir: string): Promise<DiskMessageStore> {
    return this.open({
      dataDir: dir,
      segmentBytes: 64 * 1024,
      flushIntervalMs: 60_000,
      retentionMs: 3_600_000,
    });
  }
}

/** A message to write in a test: queue 0, no flags, born at 1 ms on TEST_HOST, never reconsumed. */
export function testMessage(
  topic: string,
  properties: Record<string, string>,
  body = 'hello',
): OutgoingMessage {
  return {
    topic,
    queueId: 0,
    flag: 0,
    sysFlag: 0,
    bornTimestampMs: 1,
    bornHost: TEST_HOST,
    reconsumeTimes: 0,
    body: Buffer.from(body),
    properties: new Map(Object.entries(properties)),
  };
}

export interface TestServicesOptions {
  brokerName?: string;
  delayLevelsMs?: number[];
  nowMs?: () => number;
  refreshLocalRoutes?: () => void;
}

/** RocketServices over `store`: broker `b` of cluster C at 127.0.0.1:10911, no auto-create, no compression. */
export function testServices(store: MessageStore, options: TestServicesOptions = {}): RocketServices {
  return {
    store,
    waiters: new AppendWaiters(store),
    routes: new RouteRegistry(),
    clients: new ClientRegistry(),
    broker: {
      clusterName: 'C',
      brokerName: options.brokerName ?? 'b',
      brokerId: 0,
      addr: '127.0.0.1:10911',
      storeHost: TEST_HOST,
    },
    autoCreateTopics: false,
    maxDecompressedBytes: 1 << 20,
    decompressBatch: () => {
      throw new Error('no compression here');
    },
    delayLevelsMs: options.delayLevelsMs ?? [1000],
    refreshLocalRoutes: options.refreshLocalRoutes ?? (() => undefined),
    nowMs: options.nowMs ?? Date.now,
  };
}

/** A request context for calling a processor directly: a JSON request from a Java client (version 401). */
export function testRequest(
  services: RocketServices,
  log: Logger,
  code: number,
  extFields: Record<string, string>,
  body: Buffer | null = null,
  opaque = 1,
  connection: ConnectionInfo = TEST_CONNECTION,
): RocketRequestContext {
  return {
    cmd: {
      code,
      language: 'JAVA',
      version: 401,
      opaque,
      flag: 0,
      remark: null,
      extFields,
      body,
      serializeType: SerializeType.JSON,
    },
    services,
    connection,
    log,
    signal: new AbortController().signal,
  };
}
