import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROKER_ERROR_CODES, BrokerError, ProtocolDecodeError } from './errors.js';

describe('error codes', () => {
  it('docs/errors.md lists exactly the codes of src/errors.ts', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `(BRK_ERR_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...BROKER_ERROR_CODES].sort());
  });

  it('decode errors carry the field and offset and a stable code', () => {
    const err = new ProtocolDecodeError('Produce.TopicData', 17, 'length -5');
    expect(err).toBeInstanceOf(BrokerError);
    expect(err.code).toBe('BRK_ERR_PROTOCOL_DECODE');
    expect(err.message).toBe('Produce.TopicData at byte 17: length -5');
  });
});
