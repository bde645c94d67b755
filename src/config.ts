import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BrokerError } from './errors.js';

/** Every setting of a broker process, with its default. One place for names, defaults and validation. */
export interface BrokerConfig {
  host: string;
  kafkaPort: number;
  /** RocketMQ broker (remoting) port; the VIP channel listens on port - 2 when port >= 2; 0 = any free port. */
  remotingPort: number;
  /** RocketMQ NameServer port; 0 = any free port. */
  namesrvPort: number;
  /** The host clients are told to connect to (Metadata); defaults to `host`. */
  advertisedHost: string;
  dataDir: string;
  nodeId: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  flushMode: 'async' | 'sync';
  flushIntervalMs: number;
  segmentBytes: number;
  /** Reserve disk blocks for new CommitLog segments (fallocate) instead of leaving them sparse. */
  preallocateSegments: boolean;
  /** Check each Kafka batch's own CRC-32C when reading it back (bit flips on disk become errors, not data). */
  verifyReadCrc: boolean;
  retentionMs: number;
  retentionBytes: number;
  retentionCheckIntervalMs: number;
  maxMessageBytes: number;
  autoCreateTopics: boolean;
  defaultPartitions: number;
  /** The largest Kafka request accepted; larger length prefixes close the connection before buffering. */
  maxRequestBytes: number;
  /** Cap on decompressed bytes when the broker must look inside a compressed batch. */
  maxDecompressedBytes: number;
  /** Upper bound on how long a Fetch waits for min_bytes (the client's max_wait_ms is capped by it). */
  maxFetchWaitMs: number;
  /** Upper bound on the bytes of one Fetch response, whatever the client asks (Kafka's fetch.max.bytes). */
  maxFetchBytes: number;
  maxConnections: number;
  /**
   * Requests taken from one connection (Kafka or remoting) and not yet answered before the broker stops
   * reading it; it also stops while responses wait unread in the socket. Bounds a pipelining client's memory.
   */
  maxInflightRequests: number;
  /** Kafka group.initial.rebalance.delay.ms: a new group waits this long for more members before its first generation. */
  groupInitialRebalanceDelayMs: number;
  /** Kafka offsets.retention.ms: committed offsets of a group without members expire this long after their commit. */
  offsetsRetentionMs: number;
  /** RocketMQ delay levels, level 1 first ("1s 5s 10s ..."; units ms, s, m, h, d). */
  delayLevels: string;
  /** Remote RocketMQ NameServers, "host:port;host:port"; empty = serve an in-process NameServer. */
  namesrv: string;
  /** A RocketMQ client silent (no HEART_BEAT) this long leaves its groups and is disconnected (RocketMQ: 120 s). */
  clientExpireMs: number;
  /** RocketMQ notifyConsumerIdsChangedEnable: push NOTIFY_CONSUMER_IDS_CHANGED when a group's members change. */
  notifyConsumerIdsChangedEnable: boolean;
  /** RocketMQ transactionCheckInterval: how often unresolved half messages are checked with their producer. */
  transactionCheckIntervalMs: number;
  /** RocketMQ transactionTimeOut: a half message is first checked once it is this old. */
  transactionTimeoutMs: number;
  /** RocketMQ transactionCheckMax: checks before a half message moves to TRANS_CHECK_MAX_TIME_TOPIC. */
  transactionCheckMax: number;
  /** RocketMQ rebalance.lockMaxLiveTime: an ordered-consumption queue lock expires this long after its last renewal. */
  queueLockExpireMs: number;
  /** RocketMQ enablePropertyFilter: serve SQL92 subscriptions (off: they are refused, as RocketMQ's default). */
  enablePropertyFilter: boolean;
}

export const DEFAULT_CONFIG: BrokerConfig = {
  host: '127.0.0.1',
  kafkaPort: 9092,
  remotingPort: 10911,
  namesrvPort: 9876,
  advertisedHost: '',
  dataDir: './data',
  nodeId: 0,
  logLevel: 'info',
  flushMode: 'async',
  flushIntervalMs: 1000,
  segmentBytes: 1024 * 1024 * 1024,
  preallocateSegments: true,
  verifyReadCrc: true,
  retentionMs: 7 * 24 * 3600 * 1000,
  retentionBytes: -1,
  retentionCheckIntervalMs: 60_000,
  maxMessageBytes: 1_048_588,
  autoCreateTopics: true,
  defaultPartitions: 1,
  maxRequestBytes: 100 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxFetchWaitMs: 30_000,
  maxFetchBytes: 55 * 1024 * 1024,
  maxConnections: 10_000,
  maxInflightRequests: 256,
  groupInitialRebalanceDelayMs: 3000,
  offsetsRetentionMs: 7 * 24 * 3600 * 1000,
  delayLevels: '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h',
  namesrv: '',
  clientExpireMs: 120_000,
  notifyConsumerIdsChangedEnable: true,
  transactionCheckIntervalMs: 60_000,
  transactionTimeoutMs: 6000,
  transactionCheckMax: 15,
  queueLockExpireMs: 60_000,
  enablePropertyFilter: true,
};

/** The NameServer's directory (kvConfig.json) inside a broker's data directory. */
export const NAMESRV_DATA_SUBDIR = 'namesrv';

/** `ferrymq namesrv` reads the same settings; there `dataDir` is the NameServer's own directory. */
export const NAMESRV_DEFAULT_CONFIG: BrokerConfig = {
  ...DEFAULT_CONFIG,
  dataDir: path.join(DEFAULT_CONFIG.dataDir, NAMESRV_DATA_SUBDIR),
};

type Kind = 'string' | 'int' | 'bool' | 'enum';
interface Setting {
  key: keyof BrokerConfig;
  flag: string;
  env: string;
  kind: Kind;
  min?: number;
  values?: readonly string[];
}

const setting = (key: keyof BrokerConfig, kind: Kind, extra: Partial<Setting> = {}): Setting => {
  const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const env = `FERRYMQ_${kebab.replace(/-/g, '_').toUpperCase()}`;
  return { key, flag: `--${kebab}`, env, kind, ...extra };
};

export const SETTINGS: readonly Setting[] = [
  setting('host', 'string'),
  setting('kafkaPort', 'int', { min: 0 }),
  setting('remotingPort', 'int', { min: 0 }),
  setting('namesrvPort', 'int', { min: 0 }),
  setting('advertisedHost', 'string'),
  setting('dataDir', 'string'),
  setting('nodeId', 'int', { min: 0 }),
  setting('logLevel', 'enum', { values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] }),
  setting('flushMode', 'enum', { values: ['async', 'sync'] }),
  setting('flushIntervalMs', 'int', { min: 1 }),
  setting('segmentBytes', 'int', { min: 64 * 1024 }),
  setting('preallocateSegments', 'bool'),
  setting('verifyReadCrc', 'bool'),
  setting('retentionMs', 'int', { min: -1 }),
  setting('retentionBytes', 'int', { min: -1 }),
  setting('retentionCheckIntervalMs', 'int', { min: 10 }),
  setting('maxMessageBytes', 'int', { min: 0 }),
  setting('autoCreateTopics', 'bool'),
  setting('defaultPartitions', 'int', { min: 1 }),
  setting('maxRequestBytes', 'int', { min: 1024 }),
  setting('maxDecompressedBytes', 'int', { min: 1024 }),
  setting('maxFetchWaitMs', 'int', { min: 0 }),
  setting('maxFetchBytes', 'int', { min: 1024 }),
  setting('maxConnections', 'int', { min: 1 }),
  setting('maxInflightRequests', 'int', { min: 1 }),
  setting('groupInitialRebalanceDelayMs', 'int', { min: 0 }),
  setting('offsetsRetentionMs', 'int', { min: 1 }),
  setting('delayLevels', 'string'),
  setting('namesrv', 'string'),
  setting('clientExpireMs', 'int', { min: 100 }),
  setting('notifyConsumerIdsChangedEnable', 'bool'),
  setting('transactionCheckIntervalMs', 'int', { min: 10 }),
  setting('transactionTimeoutMs', 'int', { min: 0 }),
  setting('transactionCheckMax', 'int', { min: 1 }),
  setting('queueLockExpireMs', 'int', { min: 10 }),
  setting('enablePropertyFilter', 'bool'),
];

function parseValue(s: Setting, raw: unknown, source: string): BrokerConfig[keyof BrokerConfig] {
  const fail = (why: string): never => {
    throw new BrokerError(
      'BRK_ERR_CONFIG_INVALID',
      `${s.key} from ${source}: ${why} (got ${JSON.stringify(raw)})`,
    );
  };
  switch (s.kind) {
    case 'string':
      if (typeof raw !== 'string') fail('expected a string');
      return raw as string;
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      return fail('expected true or false');
    case 'enum':
      if (typeof raw !== 'string' || !s.values?.includes(raw))
        fail(`expected one of ${s.values?.join(', ')}`);
      return raw as string as BrokerConfig['logLevel'];
    case 'int': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) fail('expected an integer');
      if (s.min !== undefined && n < s.min) fail(`must be at least ${s.min}`);
      return n;
    }
  }
}

/**
 * Builds the configuration from defaults, then the --config JSON file, then FERRYMQ_* environment
 * variables, then command-line flags (later sources win).
 */
export function loadConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaults: BrokerConfig = DEFAULT_CONFIG,
): BrokerConfig {
  const values: Record<string, unknown> = { ...defaults };
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new BrokerError('BRK_ERR_CONFIG_INVALID', `unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(0, eq), arg.slice(eq + 1));
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) flags.set(arg, 'true');
      else {
        flags.set(arg, next);
        i++;
      }
    }
  }
  const known = new Set([...SETTINGS.map((s) => s.flag), '--config']);
  for (const flag of flags.keys()) {
    if (!known.has(flag)) throw new BrokerError('BRK_ERR_CONFIG_INVALID', `unknown flag ${flag}`);
  }
  const configFile = flags.get('--config') ?? env.FERRYMQ_CONFIG;
  if (configFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (err) {
      throw new BrokerError('BRK_ERR_CONFIG_INVALID', `cannot read config file ${configFile}`, {
        cause: err,
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BrokerError('BRK_ERR_CONFIG_INVALID', `config file ${configFile} must hold a JSON object`);
    }
    for (const [k, v] of Object.entries(parsed)) {
      const s = SETTINGS.find((x) => x.key === k);
      if (!s) throw new BrokerError('BRK_ERR_CONFIG_INVALID', `unknown key ${k} in ${configFile}`);
      values[s.key] = parseValue(s, v, configFile);
    }
  }
  for (const s of SETTINGS) {
    const fromEnv = env[s.env];
    if (fromEnv !== undefined && fromEnv !== '') values[s.key] = parseValue(s, fromEnv, s.env);
    const fromFlag = flags.get(s.flag);
    if (fromFlag !== undefined) values[s.key] = parseValue(s, fromFlag, s.flag);
  }
  const config = values as unknown as BrokerConfig;
  config.dataDir = path.resolve(config.dataDir);
  if (config.advertisedHost === '')
    config.advertisedHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return config;
}
