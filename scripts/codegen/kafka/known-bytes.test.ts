/**
 * Generated codecs against bytes written by hand from the Kafka protocol guide (not produced by our
 * Writer), so that an encoder and a decoder cannot share a bug unnoticed.
 */
import { describe, expect, it } from 'vitest';
import { BrokerError, ProtocolDecodeError } from '../../../src/errors.js';
import { Reader } from '../../../src/protocol/kafka/codec/reader.js';
import { Writer } from '../../../src/protocol/kafka/codec/writer.js';
import {
  ApiKey,
  ApiVersionsApi,
  GENERATED_APIS,
  NEVER_FLEXIBLE,
  createApiVersionsResponse,
  createApiVersionsResponseApiVersion,
  createMetadataRequest,
  createProduceResponse,
  createProduceResponsePartitionProduceResponse,
  createProduceResponseTopicProduceResponse,
  decodeApiVersionsRequest,
  decodeApiVersionsResponse,
  decodeMetadataRequest,
  decodeProduceRequest,
  decodeProduceResponse,
  decodeRequestHeader,
  decodeResponseHeader,
  encodeApiVersionsRequest,
  encodeApiVersionsResponse,
  encodeMetadataRequest,
  encodeProduceRequest,
  encodeProduceResponse,
  encodeRequestHeader,
  encodeResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../../../src/protocol/kafka/messages/index.js';

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

function bytesOf(write: (w: Writer) => void): string {
  const w = new Writer();
  write(w);
  return w.toBuffer().toString('hex');
}

describe('ApiVersions', () => {
  it('v0 request is an empty body', () => {
    const r = new Reader(Buffer.alloc(0));
    expect(decodeApiVersionsRequest(r, 0)).toEqual({ clientSoftwareName: '', clientSoftwareVersion: '' });
    expect(bytesOf((w) => encodeApiVersionsRequest(w, 0, decodeApiVersionsRequest(r, 0)))).toBe('');
  });

  it('v3 request carries compact strings and a tagged section', () => {
    // header v2: key 18, version 3, correlation 1, client id "rdkafka" (int16 length), no tags
    // body: compact "librdkafka" (len+1 = 0x0b), compact "2.0.2" (0x06), no tags
    const frame = hex(
      '0012 0003 00000001 0007 72646b61666b61 00' + '0b 6c696272646b61666b61 06 322e302e32 00',
    );
    const r = new Reader(frame);
    const header = decodeRequestHeader(r, requestHeaderVersion(18, 3));
    expect(header).toEqual({
      requestApiKey: 18,
      requestApiVersion: 3,
      correlationId: 1,
      clientId: 'rdkafka',
    });
    const body = decodeApiVersionsRequest(r, 3);
    expect(body).toEqual({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    expect(r.remaining).toBe(0);
    const again = bytesOf((w) => {
      encodeRequestHeader(w, 2, header);
      encodeApiVersionsRequest(w, 3, body);
    });
    expect(again).toBe(frame.toString('hex'));
  });

  it('v3 response uses response header v0 and compact arrays', () => {
    expect(responseHeaderVersion(ApiKey.ApiVersions, 3)).toBe(0);
    expect(ApiVersionsApi.responseHeaderV1MinVersion).toBe(NEVER_FLEXIBLE);
    const response = createApiVersionsResponse();
    response.apiKeys.push({
      ...createApiVersionsResponseApiVersion(),
      apiKey: 18,
      minVersion: 0,
      maxVersion: 3,
    });
    const expected =
      '00000007' + // response header v0: correlation id
      '0000' + // error code
      '02' + // compact array of 1
      '0012 0000 0003 00' + // api key 18, 0..3, no tags
      '00000000' + // throttle time
      '00'; // no tagged fields (defaults are not written)
    const actual = bytesOf((w) => {
      encodeResponseHeader(w, 0, { correlationId: 7 });
      encodeApiVersionsResponse(w, 3, response);
    });
    expect(actual).toBe(expected.replace(/\s+/g, ''));
    const r = new Reader(hex(expected));
    expect(decodeResponseHeader(r, 0)).toEqual({ correlationId: 7 });
    expect(decodeApiVersionsResponse(r, 3)).toEqual(response);
  });

  it('v0 response has int32 arrays and no throttle time', () => {
    const r = new Reader(hex('0023 00000001 0012 0000 0003'));
    const decoded = decodeApiVersionsResponse(r, 0);
    expect(decoded.errorCode).toBe(35);
    expect(decoded.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 3 }]);
    expect(decoded.throttleTimeMs).toBe(0);
  });
});

describe('Metadata', () => {
  it('v1 request with null topics is ff ff ff ff', () => {
    const m = decodeMetadataRequest(new Reader(hex('ffffffff')), 1);
    expect(m.topics).toBeNull();
    expect(bytesOf((w) => encodeMetadataRequest(w, 1, { ...createMetadataRequest(), topics: null }))).toBe(
      'ffffffff',
    );
  });

  it('v0 cannot carry a null topic list', () => {
    expect(() => decodeMetadataRequest(new Reader(hex('ffffffff')), 0)).toThrow(ProtocolDecodeError);
    expect(() =>
      encodeMetadataRequest(new Writer(), 0, { ...createMetadataRequest(), topics: null }),
    ).toThrow(BrokerError);
  });

  it('v4 request adds allow_auto_topic_creation', () => {
    const m = decodeMetadataRequest(new Reader(hex('00000001 0003 666f6f 01')), 4);
    expect(m.topics).toEqual([{ name: 'foo', topicId: Buffer.alloc(16) }]);
    expect(m.allowAutoTopicCreation).toBe(true);
  });

  it('v9 request keeps unknown tagged fields and writes them back', () => {
    // compact topics null (00), allow auto create 1, include cluster ops 0 (v8-10), include topic ops 0,
    // tags: one field, tag 9, 2 bytes
    const bytes = hex('00 01 00 00 01 09 02 abcd');
    const r = new Reader(bytes);
    const m = decodeMetadataRequest(r, 9);
    expect(m.unknownTaggedFields).toEqual([{ tag: 9, data: hex('abcd') }]);
    expect(bytesOf((w) => encodeMetadataRequest(w, 9, m))).toBe(bytes.toString('hex'));
  });
});

describe('Produce', () => {
  it('decodes a v3 request header and body written from the spec', () => {
    const frame = hex(
      '0000 0003 0000002a 0003 616263' + // header v1: Produce v3, correlation 42, client "abc"
        'ffff' + // transactional id null
        'ffff' + // acks -1
        '00007530' + // timeout 30000
        '00000001 0001 74' + // 1 topic "t"
        '00000001 00000000 00000003 010203', // 1 partition, index 0, 3 bytes of records
    );
    const r = new Reader(frame);
    const header = decodeRequestHeader(r, requestHeaderVersion(ApiKey.Produce, 3));
    expect(header.correlationId).toBe(42);
    expect(header.clientId).toBe('abc');
    const body = decodeProduceRequest(r, 3);
    expect(body.transactionalId).toBeNull();
    expect(body.acks).toBe(-1);
    expect(body.timeoutMs).toBe(30000);
    const records = body.topicData[0]!.partitionData[0]!.records;
    expect(Buffer.isBuffer(records) && records.buffer === frame.buffer).toBe(true);
    expect(records).toEqual(hex('010203'));
    const again = bytesOf((w) => {
      encodeRequestHeader(w, 1, header);
      encodeProduceRequest(w, 3, body);
    });
    expect(again).toBe(frame.toString('hex'));
  });

  it('writes records given as chunks without copying them', () => {
    const a = hex('0102');
    const b = hex('03');
    const w = new Writer();
    encodeProduceRequest(w, 9, {
      transactionalId: null,
      acks: 1,
      timeoutMs: 0,
      topicData: [{ name: 't', partitionData: [{ index: 0, records: [a, b] }] }],
    });
    const chunks = w.toChunks();
    expect(chunks).toContain(a);
    expect(chunks).toContain(b);
    expect(w.toBuffer().toString('hex')).toBe(
      '00 0001 00000000 02 0274 02 00000000 04 010203 00 00 00'.replace(/ /g, ''),
    );
  });

  it('v10 response writes CurrentLeader as tagged field 0 only when it is not the default', () => {
    const partition = { ...createProduceResponsePartitionProduceResponse(), index: 0, baseOffset: 5n };
    const response = {
      ...createProduceResponse(),
      responses: [
        { ...createProduceResponseTopicProduceResponse(), name: 't', partitionResponses: [partition] },
      ],
    };
    const plainPartition = '00000000 0000 0000000000000005 ffffffffffffffff ffffffffffffffff 01 00';
    const plain = `02 0274 02 ${plainPartition} 00 00 00000000 00`;
    expect(bytesOf((w) => encodeProduceResponse(w, 10, response))).toBe(plain.replace(/ /g, ''));

    partition.currentLeader = { leaderId: 1, leaderEpoch: 2 };
    // tagged section: 1 field, tag 0, 9 bytes: leader id 1, epoch 2, empty tags
    const tagged = `02 0274 02 ${plainPartition} 01 00 09 00000001 00000002 00 00 00000000 00`;
    expect(bytesOf((w) => encodeProduceResponse(w, 10, response))).toBe(tagged.replace(/ /g, ''));
    expect(decodeProduceResponse(new Reader(hex(tagged)), 10)).toEqual(response);
  });
});

describe('headers', () => {
  it('request header v2 keeps ClientId as an int16 string before the tagged section', () => {
    const bytes = hex('0003 000c 00000005 ffff 00');
    const header = decodeRequestHeader(new Reader(bytes), 2);
    expect(header).toEqual({ requestApiKey: 3, requestApiVersion: 12, correlationId: 5, clientId: null });
    expect(bytesOf((w) => encodeRequestHeader(w, 2, header))).toBe(bytes.toString('hex'));
  });

  it('response header v1 ends with a tagged section', () => {
    expect(bytesOf((w) => encodeResponseHeader(w, 1, { correlationId: 1 }))).toBe('0000000100');
  });

  it('header versions follow the flexible rule and the ApiVersions exception', () => {
    expect(requestHeaderVersion(ApiKey.Metadata, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Metadata, 9)).toBe(2);
    expect(responseHeaderVersion(ApiKey.Metadata, 9)).toBe(1);
    expect(responseHeaderVersion(ApiKey.Produce, 8)).toBe(0);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 3)).toBe(2);
    expect(responseHeaderVersion(ApiKey.ApiVersions, 4)).toBe(0);
    expect(requestHeaderVersion(ApiKey.SaslHandshake, 1)).toBe(1);
    expect(requestHeaderVersion(9999, 0)).toBe(1);
  });

  it('the API table lists every generated API with stable versions only', () => {
    expect(GENERATED_APIS).toHaveLength(33);
    const listOffsets = GENERATED_APIS.find((a) => a.apiKey === ApiKey.ListOffsets);
    expect(listOffsets).toMatchObject({ minVersion: 0, maxVersion: 9, flexibleMinVersion: 6 });
    expect(GENERATED_APIS.find((a) => a.apiKey === ApiKey.SaslHandshake)?.flexibleMinVersion).toBe(
      NEVER_FLEXIBLE,
    );
  });
});
