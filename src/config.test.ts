import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfig, NAMESRV_DEFAULT_CONFIG } from './config.js';

describe('loadConfig', () => {
  it('uses the defaults with no input', () => {
    const c = loadConfig([], {});
    expect(c.kafkaPort).toBe(9092);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.flushMode).toBe(DEFAULT_CONFIG.flushMode);
  });

  it('applies file, then environment, then flags', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ferrymq-config-'));
    const file = path.join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ kafkaPort: 1000, defaultPartitions: 3, flushMode: 'sync' }));
    const c = loadConfig(['--config', file, '--kafka-port=0'], { FERRYMQ_DEFAULT_PARTITIONS: '4' });
    expect(c.kafkaPort).toBe(0);
    expect(c.defaultPartitions).toBe(4);
    expect(c.flushMode).toBe('sync');
  });

  it('names the setting in errors', () => {
    expect(() => loadConfig(['--kafka-port', 'abc'], {})).toThrow(
      /kafkaPort from --kafka-port: expected an integer/,
    );
    expect(() => loadConfig(['--flush-mode', 'sometimes'], {})).toThrow(/expected one of async, sync/);
    expect(() => loadConfig(['--nope', '1'], {})).toThrow(/unknown flag --nope/);
    expect(() => loadConfig([], { FERRYMQ_DEFAULT_PARTITIONS: '0' })).toThrow(/at least 1/);
  });

  it('parses booleans', () => {
    expect(loadConfig(['--auto-create-topics', 'false'], {}).autoCreateTopics).toBe(false);
    expect(loadConfig([], { FERRYMQ_AUTO_CREATE_TOPICS: 'true' }).autoCreateTopics).toBe(true);
  });

  it('gives `ferrymq namesrv` the broker default data directory + /namesrv, overridable', () => {
    expect(loadConfig([], {}, NAMESRV_DEFAULT_CONFIG).dataDir).toBe(path.resolve('./data/namesrv'));
    expect(loadConfig(['--data-dir', '/srv/ns'], {}, NAMESRV_DEFAULT_CONFIG).dataDir).toBe('/srv/ns');
    expect(loadConfig([], { FERRYMQ_DATA_DIR: '/srv/env' }, NAMESRV_DEFAULT_CONFIG).dataDir).toBe('/srv/env');
    expect(loadConfig([], {}, NAMESRV_DEFAULT_CONFIG).namesrvPort).toBe(DEFAULT_CONFIG.namesrvPort);
  });
});
