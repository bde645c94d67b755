import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerError } from '../../errors.js';
import { createSilentLogger } from '../../logger.js';
import { makeTempDir, removeDir } from '../../store/store-fixtures.js';
import {
  MAX_SUBSCRIPTION_GROUPS,
  SUBSCRIPTION_GROUPS_FILE,
  SubscriptionGroups,
  defaultSubscriptionGroup,
  parseSubscriptionGroupConfig,
  validateGroupName,
} from './subscription-groups.js';

const log = createSilentLogger();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});
const tempDir = (): string => {
  const d = makeTempDir();
  dirs.push(d);
  return d;
};

describe('subscription group configs', () => {
  it('parses a body as fastjson binds it: defaults for missing fields, errors for wrong ones', () => {
    const ok = parseSubscriptionGroupConfig({
      groupName: 'cg',
      retryMaxTimes: 3,
      consumeEnable: false,
      extra: 1,
    });
    expect(ok).toEqual({
      ok: true,
      config: { ...defaultSubscriptionGroup('cg'), retryMaxTimes: 3, consumeEnable: false },
    });
    expect(parseSubscriptionGroupConfig([])).toMatchObject({ ok: false });
    expect(parseSubscriptionGroupConfig({})).toEqual({
      ok: false,
      message: 'groupName is missing or not a string',
    });
    expect(parseSubscriptionGroupConfig({ groupName: 'a b' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('illegal characters') as unknown,
    });
    expect(parseSubscriptionGroupConfig({ groupName: 'g', retryMaxTimes: 1.5 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('retryMaxTimes') as unknown,
    });
    expect(parseSubscriptionGroupConfig({ groupName: 'g', consumeEnable: 'yes' })).toMatchObject({
      ok: false,
      message: 'consumeEnable must be a boolean',
    });
    expect(validateGroupName('x'.repeat(121))).toContain('longer than group max length');
    expect(validateGroupName('%RETRY%ok_-|1')).toBeUndefined();
  });

  it('starts with the system groups, persists changes and reloads them (with the data version)', async () => {
    const dir = tempDir();
    let groups = new SubscriptionGroups(dir, log, () => 1000);
    groups.loadSync();
    expect(groups.get('TOOLS_CONSUMER')).toEqual(defaultSubscriptionGroup('TOOLS_CONSUMER'));
    const systemCount = groups.size;
    expect(await groups.update({ ...defaultSubscriptionGroup('cg-a'), retryMaxTimes: 2 })).toEqual({
      status: 'ok',
    });
    const auto = groups.autoCreate('cg-b');
    expect(auto).toBeDefined();
    expect(groups.autoCreate('cg-b')).toBeUndefined();
    expect(groups.autoCreate('bad name')).toBeUndefined();
    await auto;
    expect(await groups.delete('TOOLS_CONSUMER')).toEqual({ status: 'ok', found: true });
    expect(await groups.delete('nope')).toEqual({ status: 'ok', found: false });
    expect(groups.dataVersion.counter).toBe(3);

    groups = new SubscriptionGroups(dir, log, () => 2000);
    groups.loadSync();
    expect(groups.get('cg-a')?.retryMaxTimes).toBe(2);
    expect(groups.get('cg-b')).toEqual(defaultSubscriptionGroup('cg-b'));
    // The system groups come back at start, as RocketMQ's init() adds them before loading.
    expect(groups.get('TOOLS_CONSUMER')).toBeDefined();
    expect(groups.size).toBe(systemCount + 2);
    expect(groups.dataVersion).toEqual({ timestamp: 1000, counter: 3 });
    expect(fs.existsSync(path.join(dir, `${SUBSCRIPTION_GROUPS_FILE}.tmp`))).toBe(false);
  });

  it('refuses to start on a damaged or invalid file', () => {
    const cases = [
      '{not json',
      '{"format":2,"dataVersion":{"timestamp":1,"counter":0},"subscriptionGroupTable":{}}',
      '{"format":1,"dataVersion":{"timestamp":1},"subscriptionGroupTable":{}}',
      '{"format":1,"dataVersion":{"timestamp":1,"counter":0},"subscriptionGroupTable":{"g":{"groupName":"h"}}}',
      '{"format":1,"dataVersion":{"timestamp":1,"counter":0},"subscriptionGroupTable":{"g":{"groupName":"g","retryQueueNums":-1}}}',
    ];
    for (const text of cases) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, SUBSCRIPTION_GROUPS_FILE), text);
      const groups = new SubscriptionGroups(dir, log);
      let caught: unknown;
      try {
        groups.loadSync();
      } catch (err) {
        caught = err;
      }
      expect(caught, text).toBeInstanceOf(BrokerError);
      expect((caught as BrokerError).code).toBe('BRK_ERR_ROCKET_METADATA_CORRUPT');
    }
  });

  it('bounds the number of groups', async () => {
    const groups = new SubscriptionGroups(undefined, log);
    for (let i = groups.size; i < MAX_SUBSCRIPTION_GROUPS; i++) groups.autoCreate(`g${i}`);
    expect(groups.size).toBe(MAX_SUBSCRIPTION_GROUPS);
    expect(groups.autoCreate('one-more')).toBeUndefined();
    expect(await groups.update(defaultSubscriptionGroup('one-more'))).toEqual({
      status: 'too-many-groups',
      max: MAX_SUBSCRIPTION_GROUPS,
    });
    // Replacing an existing group is still allowed.
    expect(await groups.update({ ...defaultSubscriptionGroup('g100'), retryMaxTimes: 1 })).toEqual({
      status: 'ok',
    });
  });

  it('reports a failed write as a value and keeps serving', async () => {
    const dir = tempDir();
    const groups = new SubscriptionGroups(path.join(dir, 'missing-subdir'), log);
    const outcome = await groups.update(defaultSubscriptionGroup('cg'));
    expect(outcome.status).toBe('storage-error');
    expect(groups.get('cg')).toBeDefined();
  });
});
