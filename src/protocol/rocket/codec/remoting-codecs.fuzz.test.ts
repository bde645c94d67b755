/**
 * Hostile bytes for every RocketMQ parser: the remoting frame splitter, the frame decoder with its JSON
 * and binary (ROCKETMQ) headers, the HEART_BEAT and REGISTER_BROKER bodies (plain and compressed), and
 * the SEND_BATCH_MESSAGE body. Each must give a value or a typed error (ProtocolDecodeError naming the
 * field; the batch body returns a message), never another exception, and never allocate more than its
 * input size plus a small slack.
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOCATION_SLACK_BYTES,
  hostileBytes,
  recordAllocations,
  type LengthField,
} from '../../../../compat-tests/harness/hostile-input.js';
import { BrokerError, ProtocolDecodeError } from '../../../errors.js';
import { LengthPrefixedFramer } from '../../../net/index.js';
import { decodeBatchBody } from '../processors/send-batch-message.js';
import { decodeHeartbeatBody } from './heartbeat-body.js';
import { decodeRegisterBrokerBody, encodeRegisterBrokerBody } from './register-broker-body.js';
import {
  MAX_FRAME_BYTES,
  SerializeType,
  decodeRemotingCommand,
  encodeRemotingCommand,
  type RemotingCommand,
} from './remoting-command.js';

const RUNS = Number(process.env['FERRYMQ_FUZZ_RUNS'] ?? 400);

/** Runs a decoder: a value, or a ProtocolDecodeError naming a field; allocations bounded by the input. */
function expectTypedOutcome(input: Buffer, run: () => unknown, slack = ALLOCATION_SLACK_BYTES): void {
  const { allocations } = recordAllocations(() => {
    try {
      run();
    } catch (err) {
      if (!(err instanceof ProtocolDecodeError) || err.field === '')
        throw new Error(`untyped error for ${input.toString('hex')}`, { cause: err });
    }
  });
  expect(allocations.largest).toBeLessThanOrEqual(input.length + slack);
}

const command = (serializeType: SerializeType, extra: Partial<RemotingCommand> = {}): Buffer => {
  const frame = Buffer.concat(
    encodeRemotingCommand({
      code: 10,
      language: 'JAVA',
      version: 409,
      opaque: 7,
      flag: 0,
      remark: 'hello',
      extFields: { topic: 'TopicTest', queueId: '3', properties: 'TAGS\u0001a\u0002KEYS\u0001k' },
      body: Buffer.from('body bytes'),
      serializeType,
      ...extra,
    }),
  );
  return frame.subarray(4); // decodeRemotingCommand takes the frame after its length prefix
};

/** Offsets of the length fields in a binary header frame body (after the 4-byte length prefix). */
const BINARY_FIELDS: LengthField[] = [
  { offset: 0, bytes: 4 }, // serialize type + header length
  { offset: 4 + 13, bytes: 4 }, // remark length
  { offset: 4 + 17 + 5, bytes: 4 }, // extFields length
  { offset: 4 + 17 + 5 + 4, bytes: 2 }, // first key length
];

describe('remoting frame decoder under hostile bytes', () => {
  const frames = [
    { bytes: command(SerializeType.JSON), fields: [{ offset: 0, bytes: 4 } as LengthField] },
    { bytes: command(SerializeType.ROCKETMQ), fields: BINARY_FIELDS },
    { bytes: command(SerializeType.ROCKETMQ, { remark: null, extFields: {}, body: null }) },
    { bytes: command(SerializeType.JSON, { remark: null, body: null }) },
  ];

  it('decodes to a command or throws ProtocolDecodeError naming the field', () => {
    fc.assert(
      fc.property(hostileBytes(frames), (b) => expectTypedOutcome(b, () => decodeRemotingCommand(b))),
      { numRuns: RUNS * 2 },
    );
  });

  it('JSON headers of any shape: typed outcome, extFields only strings', () => {
    const json = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc
        .record(
          {
            code: fc.oneof(fc.integer(), fc.string(), fc.double(), fc.constant(null)),
            opaque: fc.oneof(fc.integer(), fc.string()),
            flag: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.boolean()),
            language: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            remark: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            extFields: fc.oneof(
              fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })),
              fc.jsonValue({ maxDepth: 1 }),
            ),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(json, (text) => {
        const header = Buffer.from(text, 'utf8');
        const frame = Buffer.alloc(4 + header.length);
        frame.writeUInt32BE(header.length, 0);
        header.copy(frame, 4);
        expectTypedOutcome(frame, () => {
          const cmd = decodeRemotingCommand(frame);
          for (const v of Object.values(cmd.extFields)) expect(typeof v).toBe('string');
          expect(Number.isInteger(cmd.code)).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('names the field for the known-nasty frames', () => {
    const field = (b: Buffer): string => {
      try {
        decodeRemotingCommand(b);
        return 'none';
      } catch (err) {
        if (err instanceof ProtocolDecodeError) return err.field;
        throw err;
      }
    };
    const bin = command(SerializeType.ROCKETMQ);
    const withInt = (b: Buffer, at: number, v: number): Buffer => {
      const c = Buffer.from(b);
      c.writeInt32BE(v, at);
      return c;
    };
    expect(field(Buffer.alloc(0))).toBe('headerLength');
    expect(field(withInt(bin, 0, (1 << 24) | 0xffffff))).toBe('headerLength');
    expect(field(withInt(bin, 4 + 13, -1))).toBe('remarkLength');
    expect(field(withInt(bin, 4 + 13, 0x7fffffff))).toBe('remarkLength');
    expect(field(withInt(bin, 4 + 22, -2))).toBe('extFieldsLength');
    expect(field(withInt(bin, 0, (7 << 24) | 4))).toBe('serializeType');
  });
});

describe('length-prefixed framer under hostile streams', () => {
  it('hands out frames no larger than the cap and throws only BrokerError, allocating no more than received', () => {
    fc.assert(
      fc.property(
        hostileBytes([
          { bytes: Buffer.concat(encodeRemotingCommand(decodeRemotingCommand(command(SerializeType.JSON)))) },
        ]),
        fc.array(fc.nat(), { maxLength: 6 }),
        (stream, cuts) => {
          const framer = new LengthPrefixedFramer(MAX_FRAME_BYTES);
          const points = [...new Set(cuts.map((c) => (stream.length === 0 ? 0 : c % stream.length)))].sort(
            (a, b) => a - b,
          );
          const { allocations } = recordAllocations(() => {
            let prev = 0;
            try {
              for (const p of [...points, stream.length]) {
                framer.push(stream.subarray(prev, p), (f) => {
                  expect(f.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
                });
                prev = p;
              }
            } catch (err) {
              if (!(err instanceof BrokerError) || err.code !== 'BRK_ERR_NET_FRAME_TOO_LARGE') throw err;
            }
          });
          // a frame is assembled only once all its bytes arrived
          expect(allocations.largest).toBeLessThanOrEqual(stream.length);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('holds frames while held and hands them out on release', () => {
    const framer = new LengthPrefixedFramer(1024);
    const two = Buffer.from('00000001' + '61' + '00000001' + '62', 'hex');
    const got: string[] = [];
    framer.push(two, (f) => {
      got.push(f.toString());
      framer.hold();
    });
    expect(got).toEqual(['a']);
    expect(framer.pendingBytes).toBe(5);
    framer.release((f) => got.push(f.toString()));
    expect(got).toEqual(['a', 'b']);
    expect(framer.pendingBytes).toBe(0);
  });
});

describe('HEART_BEAT and REGISTER_BROKER bodies under hostile bytes', () => {
  const heartbeat = Buffer.from(
    JSON.stringify({
      clientID: '127.0.0.1@1',
      producerDataSet: [{ groupName: 'PG' }],
      consumerDataSet: [
        {
          groupName: 'CG',
          consumeType: 'CONSUME_PASSIVELY',
          subscriptionDataSet: [{ topic: 'T', subString: 'a || b', subVersion: 1 }],
        },
      ],
    }),
  );
  const register = encodeRegisterBrokerBody({
    dataVersion: { timestamp: 1, counter: 2 },
    topics: [
      { topicName: 'T', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 },
      { topicName: 'U', readQueueNums: 8, writeQueueNums: 8, perm: 6, topicSysFlag: 0 },
    ],
  });
  const compressedRaw = (): Buffer => {
    const dv = Buffer.from(JSON.stringify({ timestamp: 1, counter: 2 }));
    const t = Buffer.from('T 4 4 6 0 0');
    const out = Buffer.alloc(4 + dv.length + 4 + 4 + t.length);
    out.writeInt32BE(dv.length, 0);
    dv.copy(out, 4);
    out.writeInt32BE(1, 4 + dv.length);
    out.writeInt32BE(t.length, 8 + dv.length);
    t.copy(out, 12 + dv.length);
    return out;
  };

  it('heartbeat: typed outcome', () => {
    fc.assert(
      fc.property(hostileBytes([{ bytes: heartbeat }]), (b) =>
        expectTypedOutcome(b, () => decodeHeartbeatBody(b)),
      ),
      { numRuns: RUNS },
    );
  });

  it('register-broker JSON body: typed outcome, queue counts are 32-bit integers', () => {
    fc.assert(
      fc.property(hostileBytes([{ bytes: register }]), (b) =>
        expectTypedOutcome(b, () => {
          for (const t of decodeRegisterBrokerBody(b, false).topics) {
            expect(Number.isInteger(t.readQueueNums) && Math.abs(t.readQueueNums) < 2 ** 31).toBe(true);
            expect(Number.isInteger(t.writeQueueNums) && Math.abs(t.writeQueueNums) < 2 ** 31).toBe(true);
          }
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('register-broker compressed body: typed outcome for the deflated stream and what it holds', () => {
    const raw = compressedRaw();
    fc.assert(
      fc.property(
        hostileBytes([{ bytes: raw, fields: [{ offset: 0, bytes: 4 }] }]),
        fc.boolean(),
        (inner, deflateIt) => {
          const b = deflateIt ? deflateSync(inner) : inner;
          // inflating may take up to its cap; a valid body here is tiny, so 1 MiB of slack is plenty
          expectTypedOutcome(b, () => decodeRegisterBrokerBody(b, true), Math.max(1024 * 1024, inner.length));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('register-broker JSON: a queue count beyond 32 bits is a decode error naming it', () => {
    const body = Buffer.from(
      JSON.stringify({
        topicConfigSerializeWrapper: { topicConfigTable: { T: { readQueueNums: 1e300, writeQueueNums: 4 } } },
      }),
    );
    expect(() => decodeRegisterBrokerBody(body, false)).toThrow(/readQueueNums/);
  });
});

describe('SEND_BATCH_MESSAGE body under hostile bytes', () => {
  const item = (body: string, props: string): Buffer => {
    const b = Buffer.from(body);
    const p = Buffer.from(props);
    const out = Buffer.alloc(20 + b.length + 2 + p.length);
    out.writeInt32BE(out.length, 0);
    out.writeInt32BE(0, 4);
    out.writeInt32BE(0, 8);
    out.writeInt32BE(0, 12);
    out.writeInt32BE(b.length, 16);
    b.copy(out, 20);
    out.writeInt16BE(p.length, 20 + b.length);
    p.copy(out, 22 + b.length);
    return out;
  };
  const batch = Buffer.concat([item('one', 'KEYS\u0001a'), item('two', ''), item('', 'TAGS\u0001x')]);

  it('returns items or a message, never throws, allocates at most its input', () => {
    fc.assert(
      fc.property(
        hostileBytes([
          {
            bytes: batch,
            fields: [
              { offset: 0, bytes: 4 },
              { offset: 16, bytes: 4 },
              { offset: 23, bytes: 2 },
            ],
          },
        ]),
        (b) => {
          const { result, allocations } = recordAllocations(() => decodeBatchBody(b));
          if (typeof result !== 'string') {
            let total = 0;
            for (const i of result) total += i.body.length;
            expect(total).toBeLessThanOrEqual(b.length);
          }
          expect(allocations.largest).toBeLessThanOrEqual(b.length + ALLOCATION_SLACK_BYTES);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('allocation guard', () => {
  it('sees allocations made directly and through Buffer.concat', () => {
    const { allocations } = recordAllocations(() => Buffer.concat([Buffer.alloc(10), Buffer.alloc(200_000)]));
    expect(allocations.largest).toBe(200_010);
    expect(allocations.count).toBeGreaterThanOrEqual(3);
  });
});
