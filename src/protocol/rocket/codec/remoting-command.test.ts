import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../../../errors.js';
import {
  decodeRemotingCommand,
  encodeRemotingCommand,
  jsonHeaderText,
  SerializeType,
  stringifyHeader,
} from './remoting-command.js';

/** A frame body (after the length prefix) with a JSON header, written by hand per REFERENCE §1.1. */
function jsonFrame(header: string, body = ''): Buffer {
  const h = Buffer.from(header, 'utf8');
  const b = Buffer.from(body, 'utf8');
  const out = Buffer.alloc(4 + h.length + b.length);
  out.writeUInt32BE(h.length, 0); // type 0 (JSON) in the high byte
  h.copy(out, 4);
  b.copy(out, 4 + h.length);
  return out;
}

describe('decodeRemotingCommand', () => {
  it('reads a JSON header as ali-ons writes it, stringifying number and boolean extFields', () => {
    const header =
      '{"code":310,"language":"JAVA","opaque":7,"flag":0,"version":121,"extFields":{"b":"T","e":3,"k":false}}';
    const cmd = decodeRemotingCommand(jsonFrame(header, 'hi'));
    expect(cmd).toMatchObject({
      code: 310,
      language: 'JAVA',
      version: 121,
      opaque: 7,
      flag: 0,
      remark: null,
    });
    expect(cmd.extFields).toEqual({ b: 'T', e: '3', k: 'false' });
    expect(cmd.body?.toString()).toBe('hi');
    expect(cmd.serializeType).toBe(SerializeType.JSON);
  });

  it('reads a binary ROCKETMQ header (REFERENCE §1.4)', () => {
    // code 11, lang JAVA(0), version 409, opaque 5, flag 2, remark "r", ext {a: "bc"}
    const hex =
      '000b' +
      '00' +
      '0199' +
      '00000005' +
      '00000002' +
      '00000001' +
      '72' +
      '00000009' +
      '0001' +
      '61' +
      '00000002' +
      '6263';
    const header = Buffer.from(hex, 'hex');
    const frame = Buffer.alloc(4 + header.length + 1);
    frame.writeUInt32BE((1 << 24) | header.length, 0);
    header.copy(frame, 4);
    frame[frame.length - 1] = 0x7a;
    const cmd = decodeRemotingCommand(frame);
    expect(cmd).toMatchObject({ code: 11, language: 'JAVA', version: 409, opaque: 5, flag: 2, remark: 'r' });
    expect(cmd.extFields).toEqual({ a: 'bc' });
    expect(cmd.body).toEqual(Buffer.from('z'));
    expect(cmd.serializeType).toBe(SerializeType.ROCKETMQ);
  });

  it('rejects malformed input naming the field', () => {
    const cases: [Buffer, string][] = [
      [Buffer.from([0, 0]), 'headerLength'],
      [Buffer.from('000000ff7b7d', 'hex'), 'headerLength'],
      [jsonFrame('{nope'), 'header'],
      [jsonFrame('[]'), 'header'],
      [jsonFrame('{"opaque":1}'), 'code'],
      [jsonFrame('{"code":"x"}'), 'code'],
      [jsonFrame('{"code":1,"extFields":{"a":{"b":1}}}'), 'extFields.a'],
      [Buffer.from('0200000000', 'hex'), 'serializeType'],
      [
        Buffer.concat([
          Buffer.from('01000011', 'hex'),
          Buffer.from('000b00019900000005000000020000ffff', 'hex'),
        ]),
        'remarkLength',
      ],
    ];
    for (const [frame, field] of cases) {
      let caught: unknown;
      try {
        decodeRemotingCommand(frame);
      } catch (err) {
        caught = err;
      }
      expect(caught, field).toBeInstanceOf(ProtocolDecodeError);
      expect((caught as ProtocolDecodeError).field).toBe(field);
    }
  });
});

describe('encodeRemotingCommand', () => {
  const base = {
    code: 0,
    language: 'JAVA',
    version: 409,
    opaque: 9,
    flag: 1,
    remark: null,
    extFields: { offset: '12' },
  };

  it('writes a JSON reply with the length prefix and type byte 0', () => {
    const frame = Buffer.concat(encodeRemotingCommand({ ...base, body: Buffer.from('b'), serializeType: 0 }));
    expect(frame.readInt32BE(0)).toBe(frame.length - 4);
    expect(frame[4]).toBe(0);
    const headerLength = frame.readUInt32BE(4) & 0xffffff;
    const header = JSON.parse(frame.toString('utf8', 8, 8 + headerLength)) as Record<string, unknown>;
    expect(header).toMatchObject({ code: 0, opaque: 9, flag: 1, extFields: { offset: '12' } });
    expect(header['remark']).toBeUndefined();
    expect(frame.toString('utf8', 8 + headerLength)).toBe('b');
  });

  it('round-trips through the binary serialization', () => {
    const chunks = encodeRemotingCommand({ ...base, remark: 'ok', body: null, serializeType: 1 });
    const frame = Buffer.concat(chunks);
    expect(frame[4]).toBe(1);
    const cmd = decodeRemotingCommand(frame.subarray(4));
    expect(cmd).toMatchObject({ ...base, remark: 'ok', body: null, serializeType: 1 });
  });
});

describe('hand-written JSON reply header', () => {
  const base = {
    code: 0,
    language: 'JAVA',
    version: 453,
    opaque: 17,
    flag: 1,
    remark: null,
    serializeType: SerializeType.JSON,
  };
  const cases: Record<string, string>[] = [
    {},
    { msgId: '7F00000100002A9F0000000000000C3E', queueId: '3', queueOffset: '12345' },
    { '10': 'ten', b: 'x', '2': 'two', a: 'y' }, // integer-like keys come first, as JSON.stringify orders them
    { quote: 'a"b', backslash: 'c\\d', ctl: 'line\nbreak\u0001', tab: '\t' },
    { unicode: 'héllo 世界 \u{1F600}', lone: 'x\ud800y', loneLow: '\udc00', 'k"ey': 'v' },
    { empty: '', space: ' ', slash: '/<>&' },
  ];
  it('gives exactly what JSON.stringify gives', () => {
    for (const extFields of cases) {
      for (const remark of [null, 'a remark', 'with "quotes" \\ and \n', '']) {
        const cmd = { ...base, extFields, remark };
        const expected = JSON.stringify({
          code: 0,
          extFields,
          flag: 1,
          language: 'JAVA',
          opaque: 17,
          ...(remark === null ? {} : { remark }),
          serializeTypeCurrentRPC: 'JSON',
          version: 453,
        });
        expect(jsonHeaderText(cmd)).toBe(expected);
        expect(stringifyHeader(cmd)).toBe(expected);
        expect(JSON.parse(expected)).toEqual(JSON.parse(jsonHeaderText(cmd) as string));
      }
    }
  });

  it('leaves unusual values to JSON.stringify', () => {
    const odd = { ...base, extFields: { n: 1 } as unknown as Record<string, string> };
    expect(jsonHeaderText(odd)).toBeNull();
    expect(jsonHeaderText({ ...base, extFields: {}, opaque: 1.5 })).toBeNull();
    const frame = Buffer.concat(encodeRemotingCommand({ ...odd, body: null }));
    expect(JSON.parse(frame.toString('utf8', 8))).toMatchObject({ extFields: { n: 1 }, opaque: 17 });
    expect(jsonHeaderText({ ...base, extFields: { a: 'b' }, opaque: -0 })).toBe(
      stringifyHeader({ ...base, extFields: { a: 'b' }, opaque: -0 }),
    );
  });
});
