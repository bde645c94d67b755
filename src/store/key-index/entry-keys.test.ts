import { describe, expect, it } from 'vitest';
import { encodeRocketMessage, formatProperties } from '../../model/index.js';
import { FORMAT_RECORD_BATCH_V2, FORMAT_ROCKET_MESSAGE } from '../commit-log/entry-format.js';
import { makeRecordBatch } from '../store-fixtures.js';
import { entryKeys } from './entry-keys.js';

function message(properties: Record<string, string>, sysFlag = 0, body = 'body'): Buffer {
  const host = { address: Buffer.from([10, 0, 0, 1]), port: 1 };
  return encodeRocketMessage(
    {
      queueId: 0,
      flag: 0,
      queueOffset: 0n,
      physicalOffset: 0n,
      sysFlag,
      bornTimestampMs: 1,
      bornHost: host,
      storeTimestampMs: 2,
      storeHost: host,
      reconsumeTimes: 0,
      preparedTransactionOffset: 0n,
      body: Buffer.from(body),
      topic: 't',
      properties: formatProperties(new Map(Object.entries(properties))),
    },
    () => 0,
  );
}

describe('entryKeys', () => {
  it('takes UNIQ_KEY and every non-empty KEYS token, once each', () => {
    expect(entryKeys(FORMAT_ROCKET_MESSAGE, message({ KEYS: ' a  b a ', UNIQ_KEY: 'U', TAGS: 'x' }))).toEqual(
      ['U', 'a', 'b'],
    );
    expect(entryKeys(FORMAT_ROCKET_MESSAGE, message({ TAGS: 'KEYS' }, 0, 'KEYS\u0001x'))).toEqual([]);
    expect(entryKeys(FORMAT_ROCKET_MESSAGE, message({ MYKEYS: 'z' }))).toEqual([]);
  });

  it('skips rolled-back transactional messages, Kafka batches and payloads that do not add up', () => {
    expect(entryKeys(FORMAT_ROCKET_MESSAGE, message({ KEYS: 'k' }, 0x8))).toEqual(['k']); // commit
    expect(entryKeys(FORMAT_ROCKET_MESSAGE, message({ KEYS: 'k' }, 0xc))).toEqual([]); // rollback
    expect(entryKeys(FORMAT_RECORD_BATCH_V2, makeRecordBatch(2, 100))).toEqual([]);
    const whole = message({ KEYS: 'k' });
    for (let cut = 0; cut < whole.length; cut++)
      expect(entryKeys(FORMAT_ROCKET_MESSAGE, whole.subarray(0, cut))).toEqual([]);
    const badBody = Buffer.from(whole);
    badBody.writeInt32BE(-5, 84);
    expect(entryKeys(FORMAT_ROCKET_MESSAGE, badBody)).toEqual([]);
  });

  it('bounds the keys of one message', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`).join(' ');
    expect(entryKeys(FORMAT_ROCKET_MESSAGE, message({ KEYS: keys }))).toHaveLength(64);
  });
});
