import { Writer } from '../codec/writer.js';
/** Versions and header rules of Produce (flexibleMinVersion 99 = never flexible). */
export const ProduceApi = {
    apiKey: 0,
    name: 'Produce',
    minVersion: 0,
    maxVersion: 11,
    flexibleMinVersion: 9,
    requestHeaderV2MinVersion: 9,
    responseHeaderV1MinVersion: 9,
};
export function createProduceRequest() {
    return {
        transactionalId: null,
        acks: 0,
        timeoutMs: 0,
        topicData: [],
    };
}
export function createProduceRequestTopicProduceData() {
    return {
        name: '',
        partitionData: [],
    };
}
export function createProduceRequestPartitionProduceData() {
    return {
        index: 0,
        records: null,
    };
}
export function decodeProduceRequest(r, version) {
    let transactionalId = null;
    if (version >= 3) {
        transactionalId =
            version >= 9
                ? r.readCompactNullableString('ProduceRequest.transactionalId')
                : r.readNullableString('ProduceRequest.transactionalId');
    }
    const acks = r.readInt16('ProduceRequest.acks');
    const timeoutMs = r.readInt32('ProduceRequest.timeoutMs');
    let topicData;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('ProduceRequest.topicData', 1)
            : r.readArrayLength('ProduceRequest.topicData', 1);
        if (_n < 0) {
            throw r.error('ProduceRequest.topicData', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeProduceRequestTopicProduceData(r, version));
            topicData = _a;
        }
    }
    const m = { transactionalId, acks, timeoutMs, topicData };
    if (version >= 9) {
        const _tf = r.readTaggedFields('ProduceRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeProduceRequestTopicProduceData(r, version) {
    const name = version >= 9
        ? r.readCompactString('ProduceRequestTopicProduceData.name')
        : r.readString('ProduceRequestTopicProduceData.name');
    let partitionData;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('ProduceRequestTopicProduceData.partitionData', 1)
            : r.readArrayLength('ProduceRequestTopicProduceData.partitionData', 1);
        if (_n < 0) {
            throw r.error('ProduceRequestTopicProduceData.partitionData', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeProduceRequestPartitionProduceData(r, version));
            partitionData = _a;
        }
    }
    const m = { name, partitionData };
    if (version >= 9) {
        const _tf = r.readTaggedFields('ProduceRequestTopicProduceData._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeProduceRequestPartitionProduceData(r, version) {
    const index = r.readInt32('ProduceRequestPartitionProduceData.index');
    const records = version >= 9
        ? r.readCompactNullableBytes('ProduceRequestPartitionProduceData.records')
        : r.readNullableBytes('ProduceRequestPartitionProduceData.records');
    const m = { index, records };
    if (version >= 9) {
        const _tf = r.readTaggedFields('ProduceRequestPartitionProduceData._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeProduceRequest(w, version, m) {
    if (version >= 3) {
        if (version >= 9) {
            w.writeCompactNullableString(m.transactionalId);
        }
        else {
            w.writeNullableString(m.transactionalId);
        }
    }
    w.writeInt16(m.acks);
    w.writeInt32(m.timeoutMs);
    {
        const _a = m.topicData;
        if (version >= 9) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeProduceRequestTopicProduceData(w, version, _e);
        }
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeProduceRequestTopicProduceData(w, version, m) {
    if (version >= 9) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitionData;
        if (version >= 9) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeProduceRequestPartitionProduceData(w, version, _e);
        }
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeProduceRequestPartitionProduceData(w, version, m) {
    w.writeInt32(m.index);
    if (version >= 9) {
        w.writeCompactRecords(m.records);
    }
    else {
        w.writeRecords(m.records);
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createProduceResponse() {
    return {
        responses: [],
        throttleTimeMs: 0,
        nodeEndpoints: [],
    };
}
export function createProduceResponseTopicProduceResponse() {
    return {
        name: '',
        partitionResponses: [],
    };
}
export function createProduceResponsePartitionProduceResponse() {
    return {
        index: 0,
        errorCode: 0,
        baseOffset: 0n,
        logAppendTimeMs: -1n,
        logStartOffset: -1n,
        recordErrors: [],
        errorMessage: null,
        currentLeader: createProduceResponseLeaderIdAndEpoch(),
    };
}
export function createProduceResponseBatchIndexAndErrorMessage() {
    return {
        batchIndex: 0,
        batchIndexErrorMessage: null,
    };
}
export function createProduceResponseLeaderIdAndEpoch() {
    return {
        leaderId: -1,
        leaderEpoch: -1,
    };
}
export function createProduceResponseNodeEndpoint() {
    return {
        nodeId: 0,
        host: '',
        port: 0,
        rack: null,
    };
}
function isDefaultProduceResponseLeaderIdAndEpoch(s) {
    return !(s.leaderId !== -1 ||
        s.leaderEpoch !== -1 ||
        (s.unknownTaggedFields !== undefined && s.unknownTaggedFields.length !== 0));
}
export function decodeProduceResponse(r, version) {
    let responses;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('ProduceResponse.responses', 1)
            : r.readArrayLength('ProduceResponse.responses', 1);
        if (_n < 0) {
            throw r.error('ProduceResponse.responses', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeProduceResponseTopicProduceResponse(r, version));
            responses = _a;
        }
    }
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('ProduceResponse.throttleTimeMs');
    }
    const m = { responses, throttleTimeMs, nodeEndpoints: [] };
    if (version >= 9) {
        const _count = r.readTaggedFieldCount('ProduceResponse._tagged');
        for (let _t = 0; _t < _count; _t++) {
            const _tag = r.readUnsignedVarint('ProduceResponse._tagged');
            const _size = r.readTaggedFieldSize('ProduceResponse._tagged');
            const _end = r.offset + _size;
            switch (_tag) {
                case 0: {
                    if (version >= 10) {
                        {
                            const _n = r.readCompactArrayLength('ProduceResponse.nodeEndpoints', 1);
                            if (_n < 0) {
                                throw r.error('ProduceResponse.nodeEndpoints', 'null array in version ' + version);
                            }
                            else {
                                const _a = [];
                                for (let _i = 0; _i < _n; _i++)
                                    _a.push(decodeProduceResponseNodeEndpoint(r, version));
                                m.nodeEndpoints = _a;
                            }
                        }
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'ProduceResponse._tagged'),
                        });
                    }
                    break;
                }
                default:
                    (m.unknownTaggedFields ??= []).push({
                        tag: _tag,
                        data: r.readRaw(_size, 'ProduceResponse._tagged'),
                    });
            }
            if (r.offset !== _end)
                throw r.error('ProduceResponse._tagged', 'tagged field ' + _tag + ' does not match its size ' + _size);
        }
    }
    return m;
}
function decodeProduceResponseTopicProduceResponse(r, version) {
    const name = version >= 9
        ? r.readCompactString('ProduceResponseTopicProduceResponse.name')
        : r.readString('ProduceResponseTopicProduceResponse.name');
    let partitionResponses;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('ProduceResponseTopicProduceResponse.partitionResponses', 1)
            : r.readArrayLength('ProduceResponseTopicProduceResponse.partitionResponses', 1);
        if (_n < 0) {
            throw r.error('ProduceResponseTopicProduceResponse.partitionResponses', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeProduceResponsePartitionProduceResponse(r, version));
            partitionResponses = _a;
        }
    }
    const m = { name, partitionResponses };
    if (version >= 9) {
        const _tf = r.readTaggedFields('ProduceResponseTopicProduceResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeProduceResponsePartitionProduceResponse(r, version) {
    const index = r.readInt32('ProduceResponsePartitionProduceResponse.index');
    const errorCode = r.readInt16('ProduceResponsePartitionProduceResponse.errorCode');
    const baseOffset = r.readInt64('ProduceResponsePartitionProduceResponse.baseOffset');
    let logAppendTimeMs = -1n;
    if (version >= 2) {
        logAppendTimeMs = r.readInt64('ProduceResponsePartitionProduceResponse.logAppendTimeMs');
    }
    let logStartOffset = -1n;
    if (version >= 5) {
        logStartOffset = r.readInt64('ProduceResponsePartitionProduceResponse.logStartOffset');
    }
    let recordErrors = [];
    if (version >= 8) {
        {
            const _n = version >= 9
                ? r.readCompactArrayLength('ProduceResponsePartitionProduceResponse.recordErrors', 1)
                : r.readArrayLength('ProduceResponsePartitionProduceResponse.recordErrors', 1);
            if (_n < 0) {
                throw r.error('ProduceResponsePartitionProduceResponse.recordErrors', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeProduceResponseBatchIndexAndErrorMessage(r, version));
                recordErrors = _a;
            }
        }
    }
    let errorMessage = null;
    if (version >= 8) {
        errorMessage =
            version >= 9
                ? r.readCompactNullableString('ProduceResponsePartitionProduceResponse.errorMessage')
                : r.readNullableString('ProduceResponsePartitionProduceResponse.errorMessage');
    }
    const m = {
        index,
        errorCode,
        baseOffset,
        logAppendTimeMs,
        logStartOffset,
        recordErrors,
        errorMessage,
        currentLeader: createProduceResponseLeaderIdAndEpoch(),
    };
    if (version >= 9) {
        const _count = r.readTaggedFieldCount('ProduceResponsePartitionProduceResponse._tagged');
        for (let _t = 0; _t < _count; _t++) {
            const _tag = r.readUnsignedVarint('ProduceResponsePartitionProduceResponse._tagged');
            const _size = r.readTaggedFieldSize('ProduceResponsePartitionProduceResponse._tagged');
            const _end = r.offset + _size;
            switch (_tag) {
                case 0: {
                    if (version >= 10) {
                        m.currentLeader = decodeProduceResponseLeaderIdAndEpoch(r, version);
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'ProduceResponsePartitionProduceResponse._tagged'),
                        });
                    }
                    break;
                }
                default:
                    (m.unknownTaggedFields ??= []).push({
                        tag: _tag,
                        data: r.readRaw(_size, 'ProduceResponsePartitionProduceResponse._tagged'),
                    });
            }
            if (r.offset !== _end)
                throw r.error('ProduceResponsePartitionProduceResponse._tagged', 'tagged field ' + _tag + ' does not match its size ' + _size);
        }
    }
    return m;
}
function decodeProduceResponseBatchIndexAndErrorMessage(r, version) {
    const batchIndex = r.readInt32('ProduceResponseBatchIndexAndErrorMessage.batchIndex');
    const batchIndexErrorMessage = version >= 9
        ? r.readCompactNullableString('ProduceResponseBatchIndexAndErrorMessage.batchIndexErrorMessage')
        : r.readNullableString('ProduceResponseBatchIndexAndErrorMessage.batchIndexErrorMessage');
    const m = { batchIndex, batchIndexErrorMessage };
    if (version >= 9) {
        const _tf = r.readTaggedFields('ProduceResponseBatchIndexAndErrorMessage._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeProduceResponseLeaderIdAndEpoch(r, version) {
    const leaderId = r.readInt32('ProduceResponseLeaderIdAndEpoch.leaderId');
    const leaderEpoch = r.readInt32('ProduceResponseLeaderIdAndEpoch.leaderEpoch');
    const m = { leaderId, leaderEpoch };
    const _tf = r.readTaggedFields('ProduceResponseLeaderIdAndEpoch._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeProduceResponseNodeEndpoint(r, version) {
    const nodeId = r.readInt32('ProduceResponseNodeEndpoint.nodeId');
    const host = r.readCompactString('ProduceResponseNodeEndpoint.host');
    const port = r.readInt32('ProduceResponseNodeEndpoint.port');
    const rack = r.readCompactNullableString('ProduceResponseNodeEndpoint.rack');
    const m = { nodeId, host, port, rack };
    const _tf = r.readTaggedFields('ProduceResponseNodeEndpoint._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeProduceResponse(w, version, m) {
    {
        const _a = m.responses;
        if (version >= 9) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeProduceResponseTopicProduceResponse(w, version, _e);
        }
    }
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    if (version >= 9) {
        const _has0 = version >= 10 && m.nodeEndpoints.length !== 0;
        if (!_has0 && m.unknownTaggedFields === undefined) {
            w.writeUnsignedVarint(0);
        }
        else {
            const _tf = m.unknownTaggedFields === undefined ? [] : m.unknownTaggedFields.slice();
            if (_has0) {
                const _w = new Writer(64);
                {
                    const _a = m.nodeEndpoints;
                    _w.writeCompactArrayLength(_a.length);
                    for (const _e of _a) {
                        encodeProduceResponseNodeEndpoint(_w, version, _e);
                    }
                }
                _tf.push({ tag: 0, data: _w.toBuffer() });
            }
            w.writeTaggedFields(_tf);
        }
    }
}
function encodeProduceResponseTopicProduceResponse(w, version, m) {
    if (version >= 9) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitionResponses;
        if (version >= 9) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeProduceResponsePartitionProduceResponse(w, version, _e);
        }
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeProduceResponsePartitionProduceResponse(w, version, m) {
    w.writeInt32(m.index);
    w.writeInt16(m.errorCode);
    w.writeInt64(m.baseOffset);
    if (version >= 2) {
        w.writeInt64(m.logAppendTimeMs);
    }
    if (version >= 5) {
        w.writeInt64(m.logStartOffset);
    }
    if (version >= 8) {
        {
            const _a = m.recordErrors;
            if (version >= 9) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeProduceResponseBatchIndexAndErrorMessage(w, version, _e);
            }
        }
    }
    if (version >= 8) {
        if (version >= 9) {
            w.writeCompactNullableString(m.errorMessage);
        }
        else {
            w.writeNullableString(m.errorMessage);
        }
    }
    if (version >= 9) {
        const _has0 = version >= 10 && !isDefaultProduceResponseLeaderIdAndEpoch(m.currentLeader);
        if (!_has0 && m.unknownTaggedFields === undefined) {
            w.writeUnsignedVarint(0);
        }
        else {
            const _tf = m.unknownTaggedFields === undefined ? [] : m.unknownTaggedFields.slice();
            if (_has0) {
                const _w = new Writer(64);
                encodeProduceResponseLeaderIdAndEpoch(_w, version, m.currentLeader);
                _tf.push({ tag: 0, data: _w.toBuffer() });
            }
            w.writeTaggedFields(_tf);
        }
    }
}
function encodeProduceResponseBatchIndexAndErrorMessage(w, version, m) {
    w.writeInt32(m.batchIndex);
    if (version >= 9) {
        w.writeCompactNullableString(m.batchIndexErrorMessage);
    }
    else {
        w.writeNullableString(m.batchIndexErrorMessage);
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeProduceResponseLeaderIdAndEpoch(w, version, m) {
    w.writeInt32(m.leaderId);
    w.writeInt32(m.leaderEpoch);
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeProduceResponseNodeEndpoint(w, version, m) {
    w.writeInt32(m.nodeId);
    w.writeCompactString(m.host);
    w.writeInt32(m.port);
    w.writeCompactNullableString(m.rack);
    w.writeTaggedFields(m.unknownTaggedFields);
}
