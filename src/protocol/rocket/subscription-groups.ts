import fs from 'node:fs';
import path from 'node:path';
import { BrokerError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { writeFileAtomic } from '../../store/atomic-file.js';

/** RocketMQ's SubscriptionGroupConfig (4.9 fields); JSON keys as RocketMQ writes them. */
export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
}

/** RocketMQ's DataVersion: a counter bumped on every change, and the time of the last one. */
export interface DataVersion {
  timestamp: number;
  counter: number;
}

/** Where the groups live, under the data directory. */
export const SUBSCRIPTION_GROUPS_FILE = 'subscription-groups.json';
/** Bound on groups kept (each costs a line of the file, rewritten on every change). */
export const MAX_SUBSCRIPTION_GROUPS = 10_000;
/** RocketMQ TopicValidator.validateGroup: at most 120 characters of [%|a-zA-Z0-9_-]. */
export const GROUP_NAME_MAX_LENGTH = 120;
const FILE_FORMAT = 1;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Groups every RocketMQ broker starts with (SubscriptionGroupManager.init); the CID_ ones may broadcast. */
const SYSTEM_GROUPS: readonly string[] = [
  'TOOLS_CONSUMER',
  'FILTERSRV_CONSUMER',
  'SELF_TEST_C_GROUP',
  'CID_ONS-HTTP-PROXY',
  'CID_ONSAPI_PULL',
  'CID_ONSAPI_PERMISSION',
  'CID_ONSAPI_OWNER',
];

export function defaultSubscriptionGroup(groupName: string): SubscriptionGroupConfig {
  return {
    groupName,
    consumeEnable: true,
    consumeFromMinEnable: true,
    consumeBroadcastEnable: true,
    retryQueueNums: 1,
    retryMaxTimes: 16,
    brokerId: 0,
    whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true,
  };
}

/** Why a group name is not acceptable, or undefined when it is. */
export function validateGroupName(name: string): string | undefined {
  if (name.trim() === '') return 'The specified group is blank.';
  if (!/^[%|a-zA-Z0-9_-]+$/.test(name))
    return `The specified group: ${name}, contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`;
  if (name.length > GROUP_NAME_MAX_LENGTH)
    return `The specified group: ${name}, is longer than group max length: ${GROUP_NAME_MAX_LENGTH}`;
  return undefined;
}

export type ParsedGroup = { ok: true; config: SubscriptionGroupConfig } | { ok: false; message: string };

const INT32_MAX = 0x7fffffff;

/**
 * Reads a SubscriptionGroupConfig from parsed JSON, as fastjson would bind it: missing fields keep
 * RocketMQ's defaults, unknown fields are ignored; wrong types and out-of-range numbers are errors.
 */
export function parseSubscriptionGroupConfig(value: unknown): ParsedGroup {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, message: 'the subscription group config must be a JSON object' };
  const v = value as Record<string, unknown>;
  const name = v['groupName'];
  if (typeof name !== 'string') return { ok: false, message: 'groupName is missing or not a string' };
  const badName = validateGroupName(name);
  if (badName !== undefined) return { ok: false, message: badName };
  const config = defaultSubscriptionGroup(name);
  for (const key of [
    'consumeEnable',
    'consumeFromMinEnable',
    'consumeBroadcastEnable',
    'notifyConsumerIdsChangedEnable',
  ] as const) {
    const b = v[key];
    if (b === undefined || b === null) continue;
    if (typeof b !== 'boolean') return { ok: false, message: `${key} must be a boolean` };
    config[key] = b;
  }
  const ints: readonly [keyof SubscriptionGroupConfig & string, number, number][] = [
    ['retryQueueNums', 0, 1024],
    ['retryMaxTimes', 0, INT32_MAX],
    ['brokerId', 0, Number.MAX_SAFE_INTEGER],
    ['whichBrokerWhenConsumeSlowly', 0, Number.MAX_SAFE_INTEGER],
  ];
  for (const [key, min, max] of ints) {
    const n = v[key];
    if (n === undefined || n === null) continue;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
      return {
        ok: false,
        message: `${key} must be an integer in [${min}, ${max}], got ${JSON.stringify(n)}`,
      };
    (config as unknown as Record<string, number>)[key] = n;
  }
  return { ok: true, config };
}

export type GroupWriteOutcome =
  | { status: 'ok' }
  | { status: 'too-many-groups'; max: number }
  | { status: 'storage-error'; message: string };

/**
 * The broker's subscription groups (RocketMQ SubscriptionGroupManager): created by
 * UPDATE_AND_CREATE_SUBSCRIPTIONGROUP or on a consumer's first heartbeat, kept in
 * `<dataDir>/subscription-groups.json` (written whole: temp file, fsync, rename), validated on load.
 * Without a data directory (tests) the groups live in memory only.
 */
export class SubscriptionGroups {
  private readonly table = new Map<string, SubscriptionGroupConfig>();
  private version: DataVersion;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string | undefined,
    private readonly log: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.version = { timestamp: nowMs(), counter: 0 };
    for (const name of SYSTEM_GROUPS) this.table.set(name, defaultSubscriptionGroup(name));
  }

  get filePath(): string | undefined {
    return this.dataDir === undefined ? undefined : path.join(this.dataDir, SUBSCRIPTION_GROUPS_FILE);
  }

  /** Loads the file (missing = only the system groups); a damaged file stops the start. */
  loadSync(): void {
    const file = this.filePath;
    if (file === undefined || !fs.existsSync(file)) return;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_FILE_BYTES) throw new Error(`${size} bytes, more than ${MAX_FILE_BYTES}`);
      const parsed = decodeGroupsFile(fs.readFileSync(file, 'utf8'));
      for (const g of parsed.groups) this.table.set(g.groupName, g);
      this.version = parsed.dataVersion;
    } catch (cause) {
      throw new BrokerError(
        'BRK_ERR_ROCKET_METADATA_CORRUPT',
        `${file} is unreadable: ${(cause as Error).message}`,
        { cause },
      );
    }
  }

  get(name: string): SubscriptionGroupConfig | undefined {
    const g = this.table.get(name);
    return g === undefined ? undefined : { ...g };
  }

  get size(): number {
    return this.table.size;
  }

  get dataVersion(): DataVersion {
    return { ...this.version };
  }

  /** Creates or replaces a group; resolves once the file holds it. */
  update(config: SubscriptionGroupConfig): Promise<GroupWriteOutcome> {
    if (!this.table.has(config.groupName) && this.table.size >= MAX_SUBSCRIPTION_GROUPS)
      return Promise.resolve({ status: 'too-many-groups', max: MAX_SUBSCRIPTION_GROUPS });
    this.table.set(config.groupName, { ...config });
    return this.changed();
  }

  /**
   * A consumer's heartbeat names its group: create it with the defaults when unknown (RocketMQ's
   * autoCreateSubscriptionGroup). Returns undefined when nothing changed; write failures are logged.
   */
  autoCreate(name: string): Promise<GroupWriteOutcome> | undefined {
    if (this.table.has(name) || validateGroupName(name) !== undefined) return undefined;
    if (this.table.size >= MAX_SUBSCRIPTION_GROUPS) return undefined;
    this.table.set(name, defaultSubscriptionGroup(name));
    this.log.info({ group: name }, 'subscription group auto-created');
    return this.changed();
  }

  /** Removes a group; found = false when it did not exist (nothing written). */
  async delete(name: string): Promise<GroupWriteOutcome & { found?: boolean }> {
    if (!this.table.delete(name)) return { status: 'ok', found: false };
    const outcome = await this.changed();
    return { ...outcome, found: true };
  }

  /** Every group, by name. */
  all(): SubscriptionGroupConfig[] {
    return [...this.table.values()]
      .sort((a, b) => (a.groupName < b.groupName ? -1 : a.groupName > b.groupName ? 1 : 0))
      .map((g) => ({ ...g }));
  }

  /** Resolves when every write started so far has finished. */
  whenIdle(): Promise<void> {
    return this.writes;
  }

  private changed(): Promise<GroupWriteOutcome> {
    this.version = { timestamp: this.nowMs(), counter: this.version.counter + 1 };
    const file = this.filePath;
    if (file === undefined) return Promise.resolve({ status: 'ok' });
    // Each write takes the table as it is when its turn comes, so the last write holds every change.
    const run = this.writes.then(() => writeFileAtomic(file, encodeGroupsFile(this.all(), this.version)));
    this.writes = run.catch(() => undefined);
    return run.then(
      (): GroupWriteOutcome => ({ status: 'ok' }),
      (err: unknown): GroupWriteOutcome => {
        this.log.error({ err, file }, 'could not write the subscription groups');
        return { status: 'storage-error', message: (err as Error).message };
      },
    );
  }
}

/** The file: RocketMQ's subscriptionGroup.json shape plus a format number. */
export function encodeGroupsFile(groups: readonly SubscriptionGroupConfig[], version: DataVersion): string {
  const table: Record<string, SubscriptionGroupConfig> = {};
  for (const g of groups) table[g.groupName] = g;
  return `${JSON.stringify({ format: FILE_FORMAT, dataVersion: version, subscriptionGroupTable: table }, null, 1)}\n`;
}

export function decodeGroupsFile(text: string): {
  dataVersion: DataVersion;
  groups: SubscriptionGroupConfig[];
} {
  const root = JSON.parse(text) as unknown;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new Error('not a JSON object');
  const r = root as Record<string, unknown>;
  if (r['format'] !== FILE_FORMAT) throw new Error(`unknown format ${JSON.stringify(r['format'])}`);
  const dv = r['dataVersion'] as Record<string, unknown> | undefined;
  const timestamp = dv?.['timestamp'];
  const counter = dv?.['counter'];
  if (!Number.isSafeInteger(timestamp) || !Number.isSafeInteger(counter) || (counter as number) < 0)
    throw new Error('dataVersion must hold integer timestamp and counter');
  const table = r['subscriptionGroupTable'];
  if (typeof table !== 'object' || table === null || Array.isArray(table))
    throw new Error('subscriptionGroupTable must be an object');
  const entries = Object.entries(table as Record<string, unknown>);
  if (entries.length > MAX_SUBSCRIPTION_GROUPS)
    throw new Error(`more than ${MAX_SUBSCRIPTION_GROUPS} groups`);
  const groups: SubscriptionGroupConfig[] = [];
  for (const [name, value] of entries) {
    const parsed = parseSubscriptionGroupConfig(value);
    if (!parsed.ok) throw new Error(`group ${JSON.stringify(name)}: ${parsed.message}`);
    if (parsed.config.groupName !== name)
      throw new Error(`group ${JSON.stringify(name)} names itself otherwise`);
    groups.push(parsed.config);
  }
  return { dataVersion: { timestamp: timestamp as number, counter: counter as number }, groups };
}
