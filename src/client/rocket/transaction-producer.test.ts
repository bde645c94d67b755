import { describe, expect, it } from 'vitest';
import { commitOrRollbackOf, endTransactionExtFields } from './transaction-producer.js';

describe('END_TRANSACTION header', () => {
  it('maps the local state to commitOrRollback 8 / 12 / 0', () => {
    expect(commitOrRollbackOf('COMMIT_MESSAGE')).toBe(8);
    expect(commitOrRollbackOf('ROLLBACK_MESSAGE')).toBe(12);
    expect(commitOrRollbackOf('UNKNOW')).toBe(0);
  });

  it('carries the half message position and ids as strings', () => {
    expect(
      endTransactionExtFields({
        producerGroup: 'pg',
        tranStateTableOffset: 7,
        commitLogOffset: 2n ** 40n,
        state: 'COMMIT_MESSAGE',
        fromTransactionCheck: true,
        msgId: 'UNIQ',
        transactionId: 'UNIQ',
      }),
    ).toEqual({
      producerGroup: 'pg',
      tranStateTableOffset: '7',
      commitLogOffset: '1099511627776',
      commitOrRollback: '8',
      fromTransactionCheck: 'true',
      msgId: 'UNIQ',
      transactionId: 'UNIQ',
    });
    const noTx = endTransactionExtFields({
      producerGroup: 'pg',
      tranStateTableOffset: 0,
      commitLogOffset: 0n,
      state: 'UNKNOW',
      fromTransactionCheck: false,
      msgId: 'm',
      transactionId: undefined,
    });
    expect(noTx['transactionId']).toBeUndefined();
    expect(noTx['fromTransactionCheck']).toBe('false');
  });
});
