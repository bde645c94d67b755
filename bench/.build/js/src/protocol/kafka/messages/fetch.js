import { Writer } from '../codec/writer.js';
/** Versions and header rules of Fetch (flexibleMinVersion 99 = never flexible). */
export const FetchApi = {
    apiKey: 1,
    name: 'Fetch',
    minVersion: 0,
    maxVersion: 17,
    flexibleMinVersion: 12,
    requestHeaderV2MinVersion: 12,
    responseHeaderV1MinVersion: 12,
};
export function createFetchRequest() {
    return {
        clusterId: null,
        replicaId: -1,
        replicaState: createFetchRequestReplicaState(),
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 2147483647,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [],
        forgottenTopicsData: [],
        rackId: '',
    };
}
export function createFetchRequestReplicaState() {
    return {
        replicaId: -1,
        replicaEpoch: -1n,
    };
}
export function createFetchRequestFetchTopic() {
    return {
        topic: '',
        topicId: Buffer.alloc(16),
        partitions: [],
    };
}
export function createFetchRequestFetchPartition() {
    return {
        partition: 0,
        currentLeaderEpoch: -1,
        fetchOffset: 0n,
        lastFetchedEpoch: -1,
        logStartOffset: -1n,
        partitionMaxBytes: 0,
        replicaDirectoryId: Buffer.alloc(16),
    };
}
export function createFetchRequestForgottenTopic() {
    return {
        topic: '',
        topicId: Buffer.alloc(16),
        partitions: [],
    };
}
function isDefaultFetchRequestReplicaState(s) {
    return !(s.replicaId !== -1 ||
        s.replicaEpoch !== -1n ||
        (s.unknownTaggedFields !== undefined && s.unknownTaggedFields.length !== 0));
}
export function decodeFetchRequest(r, version) {
    let replicaId = -1;
    if (version <= 14) {
        replicaId = r.readInt32('FetchRequest.replicaId');
    }
    const maxWaitMs = r.readInt32('FetchRequest.maxWaitMs');
    const minBytes = r.readInt32('FetchRequest.minBytes');
    let maxBytes = 2147483647;
    if (version >= 3) {
        maxBytes = r.readInt32('FetchRequest.maxBytes');
    }
    let isolationLevel = 0;
    if (version >= 4) {
        isolationLevel = r.readInt8('FetchRequest.isolationLevel');
    }
    let sessionId = 0;
    if (version >= 7) {
        sessionId = r.readInt32('FetchRequest.sessionId');
    }
    let sessionEpoch = -1;
    if (version >= 7) {
        sessionEpoch = r.readInt32('FetchRequest.sessionEpoch');
    }
    let topics;
    {
        const _n = version >= 12
            ? r.readCompactArrayLength('FetchRequest.topics', 1)
            : r.readArrayLength('FetchRequest.topics', 1);
        if (_n < 0) {
            throw r.error('FetchRequest.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeFetchRequestFetchTopic(r, version));
            topics = _a;
        }
    }
    let forgottenTopicsData = [];
    if (version >= 7) {
        {
            const _n = version >= 12
                ? r.readCompactArrayLength('FetchRequest.forgottenTopicsData', 1)
                : r.readArrayLength('FetchRequest.forgottenTopicsData', 1);
            if (_n < 0) {
                throw r.error('FetchRequest.forgottenTopicsData', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeFetchRequestForgottenTopic(r, version));
                forgottenTopicsData = _a;
            }
        }
    }
    let rackId = '';
    if (version >= 11) {
        rackId = version >= 12 ? r.readCompactString('FetchRequest.rackId') : r.readString('FetchRequest.rackId');
    }
    const m = {
        clusterId: null,
        replicaId,
        replicaState: createFetchRequestReplicaState(),
        maxWaitMs,
        minBytes,
        maxBytes,
        isolationLevel,
        sessionId,
        sessionEpoch,
        topics,
        forgottenTopicsData,
        rackId,
    };
    if (version >= 12) {
        const _count = r.readTaggedFieldCount('FetchRequest._tagged');
        for (let _t = 0; _t < _count; _t++) {
            const _tag = r.readUnsignedVarint('FetchRequest._tagged');
            const _size = r.readTaggedFieldSize('FetchRequest._tagged');
            const _end = r.offset + _size;
            switch (_tag) {
                case 0: {
                    if (version >= 12) {
                        m.clusterId = r.readCompactNullableString('FetchRequest.clusterId');
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'FetchRequest._tagged'),
                        });
                    }
                    break;
                }
                case 1: {
                    if (version >= 15) {
                        m.replicaState = decodeFetchRequestReplicaState(r, version);
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'FetchRequest._tagged'),
                        });
                    }
                    break;
                }
                default:
                    (m.unknownTaggedFields ??= []).push({ tag: _tag, data: r.readRaw(_size, 'FetchRequest._tagged') });
            }
            if (r.offset !== _end)
                throw r.error('FetchRequest._tagged', 'tagged field ' + _tag + ' does not match its size ' + _size);
        }
    }
    return m;
}
function decodeFetchRequestReplicaState(r, version) {
    const replicaId = r.readInt32('FetchRequestReplicaState.replicaId');
    const replicaEpoch = r.readInt64('FetchRequestReplicaState.replicaEpoch');
    const m = { replicaId, replicaEpoch };
    const _tf = r.readTaggedFields('FetchRequestReplicaState._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeFetchRequestFetchTopic(r, version) {
    let topic = '';
    if (version <= 12) {
        topic =
            version >= 12
                ? r.readCompactString('FetchRequestFetchTopic.topic')
                : r.readString('FetchRequestFetchTopic.topic');
    }
    let topicId = Buffer.alloc(16);
    if (version >= 13) {
        topicId = r.readUuid('FetchRequestFetchTopic.topicId');
    }
    let partitions;
    {
        const _n = version >= 12
            ? r.readCompactArrayLength('FetchRequestFetchTopic.partitions', 1)
            : r.readArrayLength('FetchRequestFetchTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('FetchRequestFetchTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeFetchRequestFetchPartition(r, version));
            partitions = _a;
        }
    }
    const m = { topic, topicId, partitions };
    if (version >= 12) {
        const _tf = r.readTaggedFields('FetchRequestFetchTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeFetchRequestFetchPartition(r, version) {
    const partition = r.readInt32('FetchRequestFetchPartition.partition');
    let currentLeaderEpoch = -1;
    if (version >= 9) {
        currentLeaderEpoch = r.readInt32('FetchRequestFetchPartition.currentLeaderEpoch');
    }
    const fetchOffset = r.readInt64('FetchRequestFetchPartition.fetchOffset');
    let lastFetchedEpoch = -1;
    if (version >= 12) {
        lastFetchedEpoch = r.readInt32('FetchRequestFetchPartition.lastFetchedEpoch');
    }
    let logStartOffset = -1n;
    if (version >= 5) {
        logStartOffset = r.readInt64('FetchRequestFetchPartition.logStartOffset');
    }
    const partitionMaxBytes = r.readInt32('FetchRequestFetchPartition.partitionMaxBytes');
    const m = {
        partition,
        currentLeaderEpoch,
        fetchOffset,
        lastFetchedEpoch,
        logStartOffset,
        partitionMaxBytes,
        replicaDirectoryId: Buffer.alloc(16),
    };
    if (version >= 12) {
        const _count = r.readTaggedFieldCount('FetchRequestFetchPartition._tagged');
        for (let _t = 0; _t < _count; _t++) {
            const _tag = r.readUnsignedVarint('FetchRequestFetchPartition._tagged');
            const _size = r.readTaggedFieldSize('FetchRequestFetchPartition._tagged');
            const _end = r.offset + _size;
            switch (_tag) {
                case 0: {
                    if (version >= 17) {
                        m.replicaDirectoryId = r.readUuid('FetchRequestFetchPartition.replicaDirectoryId');
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'FetchRequestFetchPartition._tagged'),
                        });
                    }
                    break;
                }
                default:
                    (m.unknownTaggedFields ??= []).push({
                        tag: _tag,
                        data: r.readRaw(_size, 'FetchRequestFetchPartition._tagged'),
                    });
            }
            if (r.offset !== _end)
                throw r.error('FetchRequestFetchPartition._tagged', 'tagged field ' + _tag + ' does not match its size ' + _size);
        }
    }
    return m;
}
function decodeFetchRequestForgottenTopic(r, version) {
    let topic = '';
    if (version <= 12) {
        topic =
            version >= 12
                ? r.readCompactString('FetchRequestForgottenTopic.topic')
                : r.readString('FetchRequestForgottenTopic.topic');
    }
    let topicId = Buffer.alloc(16);
    if (version >= 13) {
        topicId = r.readUuid('FetchRequestForgottenTopic.topicId');
    }
    let partitions;
    {
        const _n = version >= 12
            ? r.readCompactArrayLength('FetchRequestForgottenTopic.partitions', 4)
            : r.readArrayLength('FetchRequestForgottenTopic.partitions', 4);
        if (_n < 0) {
            throw r.error('FetchRequestForgottenTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('FetchRequestForgottenTopic.partitions'));
            partitions = _a;
        }
    }
    const m = { topic, topicId, partitions };
    if (version >= 12) {
        const _tf = r.readTaggedFields('FetchRequestForgottenTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeFetchRequest(w, version, m) {
    if (version <= 14) {
        w.writeInt32(m.replicaId);
    }
    w.writeInt32(m.maxWaitMs);
    w.writeInt32(m.minBytes);
    if (version >= 3) {
        w.writeInt32(m.maxBytes);
    }
    if (version >= 4) {
        w.writeInt8(m.isolationLevel);
    }
    if (version >= 7) {
        w.writeInt32(m.sessionId);
    }
    if (version >= 7) {
        w.writeInt32(m.sessionEpoch);
    }
    {
        const _a = m.topics;
        if (version >= 12) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeFetchRequestFetchTopic(w, version, _e);
        }
    }
    if (version >= 7) {
        {
            const _a = m.forgottenTopicsData;
            if (version >= 12) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeFetchRequestForgottenTopic(w, version, _e);
            }
        }
    }
    if (version >= 11) {
        if (version >= 12) {
            w.writeCompactString(m.rackId);
        }
        else {
            w.writeString(m.rackId);
        }
    }
    if (version >= 12) {
        const _has0 = version >= 12 && m.clusterId !== null;
        const _has1 = version >= 15 && !isDefaultFetchRequestReplicaState(m.replicaState);
        if (!_has0 && !_has1 && m.unknownTaggedFields === undefined) {
            w.writeUnsignedVarint(0);
        }
        else {
            const _tf = m.unknownTaggedFields === undefined ? [] : m.unknownTaggedFields.slice();
            if (_has0) {
                const _w = new Writer(64);
                _w.writeCompactNullableString(m.clusterId);
                _tf.push({ tag: 0, data: _w.toBuffer() });
            }
            if (_has1) {
                const _w = new Writer(64);
                encodeFetchRequestReplicaState(_w, version, m.replicaState);
                _tf.push({ tag: 1, data: _w.toBuffer() });
            }
            w.writeTaggedFields(_tf);
        }
    }
}
function encodeFetchRequestReplicaState(w, version, m) {
    w.writeInt32(m.replicaId);
    w.writeInt64(m.replicaEpoch);
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeFetchRequestFetchTopic(w, version, m) {
    if (version <= 12) {
        if (version >= 12) {
            w.writeCompactString(m.topic);
        }
        else {
            w.writeString(m.topic);
        }
    }
    if (version >= 13) {
        w.writeUuid(m.topicId);
    }
    {
        const _a = m.partitions;
        if (version >= 12) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeFetchRequestFetchPartition(w, version, _e);
        }
    }
    if (version >= 12) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeFetchRequestFetchPartition(w, version, m) {
    w.writeInt32(m.partition);
    if (version >= 9) {
        w.writeInt32(m.currentLeaderEpoch);
    }
    w.writeInt64(m.fetchOffset);
    if (version >= 12) {
        w.writeInt32(m.lastFetchedEpoch);
    }
    if (version >= 5) {
        w.writeInt64(m.logStartOffset);
    }
    w.writeInt32(m.partitionMaxBytes);
    if (version >= 12) {
        const _has0 = version >= 17 && m.replicaDirectoryId.some((b) => b !== 0);
        if (!_has0 && m.unknownTaggedFields === undefined) {
            w.writeUnsignedVarint(0);
        }
        else {
            const _tf = m.unknownTaggedFields === undefined ? [] : m.unknownTaggedFields.slice();
            if (_has0) {
                const _w = new Writer(64);
                _w.writeUuid(m.replicaDirectoryId);
                _tf.push({ tag: 0, data: _w.toBuffer() });
            }
            w.writeTaggedFields(_tf);
        }
    }
}
function encodeFetchRequestForgottenTopic(w, version, m) {
    if (version <= 12) {
        if (version >= 12) {
            w.writeCompactString(m.topic);
        }
        else {
            w.writeString(m.topic);
        }
    }
    if (version >= 13) {
        w.writeUuid(m.topicId);
    }
    {
        const _a = m.partitions;
        if (version >= 12) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            w.writeInt32(_e);
        }
    }
    if (version >= 12) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createFetchResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        sessionId: 0,
        responses: [],
        nodeEndpoints: [],
    };
}
export function createFetchResponseFetchableTopicResponse() {
    return {
        topic: '',
        topicId: Buffer.alloc(16),
        partitions: [],
    };
}
export function createFetchResponsePartitionData() {
    return {
        partitionIndex: 0,
        errorCode: 0,
        highWatermark: 0n,
        lastStableOffset: -1n,
        logStartOffset: -1n,
        divergingEpoch: createFetchResponseEpochEndOffset(),
        currentLeader: createFetchResponseLeaderIdAndEpoch(),
        snapshotId: createFetchResponseSnapshotId(),
        abortedTransactions: [],
        preferredReadReplica: -1,
        records: null,
    };
}
export function createFetchResponseEpochEndOffset() {
    return {
        epoch: -1,
        endOffset: -1n,
    };
}
export function createFetchResponseLeaderIdAndEpoch() {
    return {
        leaderId: -1,
        leaderEpoch: -1,
    };
}
export function createFetchResponseSnapshotId() {
    return {
        endOffset: -1n,
        epoch: -1,
    };
}
export function createFetchResponseAbortedTransaction() {
    return {
        producerId: 0n,
        firstOffset: 0n,
    };
}
export function createFetchResponseNodeEndpoint() {
    return {
        nodeId: 0,
        host: '',
        port: 0,
        rack: null,
    };
}
function isDefaultFetchResponseEpochEndOffset(s) {
    return !(s.epoch !== -1 ||
        s.endOffset !== -1n ||
        (s.unknownTaggedFields !== undefined && s.unknownTaggedFields.length !== 0));
}
function isDefaultFetchResponseLeaderIdAndEpoch(s) {
    return !(s.leaderId !== -1 ||
        s.leaderEpoch !== -1 ||
        (s.unknownTaggedFields !== undefined && s.unknownTaggedFields.length !== 0));
}
function isDefaultFetchResponseSnapshotId(s) {
    return !(s.endOffset !== -1n ||
        s.epoch !== -1 ||
        (s.unknownTaggedFields !== undefined && s.unknownTaggedFields.length !== 0));
}
export function decodeFetchResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('FetchResponse.throttleTimeMs');
    }
    let errorCode = 0;
    if (version >= 7) {
        errorCode = r.readInt16('FetchResponse.errorCode');
    }
    let sessionId = 0;
    if (version >= 7) {
        sessionId = r.readInt32('FetchResponse.sessionId');
    }
    let responses;
    {
        const _n = version >= 12
            ? r.readCompactArrayLength('FetchResponse.responses', 1)
            : r.readArrayLength('FetchResponse.responses', 1);
        if (_n < 0) {
            throw r.error('FetchResponse.responses', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeFetchResponseFetchableTopicResponse(r, version));
            responses = _a;
        }
    }
    const m = { throttleTimeMs, errorCode, sessionId, responses, nodeEndpoints: [] };
    if (version >= 12) {
        const _count = r.readTaggedFieldCount('FetchResponse._tagged');
        for (let _t = 0; _t < _count; _t++) {
            const _tag = r.readUnsignedVarint('FetchResponse._tagged');
            const _size = r.readTaggedFieldSize('FetchResponse._tagged');
            const _end = r.offset + _size;
            switch (_tag) {
                case 0: {
                    if (version >= 16) {
                        {
                            const _n = r.readCompactArrayLength('FetchResponse.nodeEndpoints', 1);
                            if (_n < 0) {
                                throw r.error('FetchResponse.nodeEndpoints', 'null array in version ' + version);
                            }
                            else {
                                const _a = [];
                                for (let _i = 0; _i < _n; _i++)
                                    _a.push(decodeFetchResponseNodeEndpoint(r, version));
                                m.nodeEndpoints = _a;
                            }
                        }
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'FetchResponse._tagged'),
                        });
                    }
                    break;
                }
                default:
                    (m.unknownTaggedFields ??= []).push({ tag: _tag, data: r.readRaw(_size, 'FetchResponse._tagged') });
            }
            if (r.offset !== _end)
                throw r.error('FetchResponse._tagged', 'tagged field ' + _tag + ' does not match its size ' + _size);
        }
    }
    return m;
}
function decodeFetchResponseFetchableTopicResponse(r, version) {
    let topic = '';
    if (version <= 12) {
        topic =
            version >= 12
                ? r.readCompactString('FetchResponseFetchableTopicResponse.topic')
                : r.readString('FetchResponseFetchableTopicResponse.topic');
    }
    let topicId = Buffer.alloc(16);
    if (version >= 13) {
        topicId = r.readUuid('FetchResponseFetchableTopicResponse.topicId');
    }
    let partitions;
    {
        const _n = version >= 12
            ? r.readCompactArrayLength('FetchResponseFetchableTopicResponse.partitions', 1)
            : r.readArrayLength('FetchResponseFetchableTopicResponse.partitions', 1);
        if (_n < 0) {
            throw r.error('FetchResponseFetchableTopicResponse.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeFetchResponsePartitionData(r, version));
            partitions = _a;
        }
    }
    const m = { topic, topicId, partitions };
    if (version >= 12) {
        const _tf = r.readTaggedFields('FetchResponseFetchableTopicResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeFetchResponsePartitionData(r, version) {
    const partitionIndex = r.readInt32('FetchResponsePartitionData.partitionIndex');
    const errorCode = r.readInt16('FetchResponsePartitionData.errorCode');
    const highWatermark = r.readInt64('FetchResponsePartitionData.highWatermark');
    let lastStableOffset = -1n;
    if (version >= 4) {
        lastStableOffset = r.readInt64('FetchResponsePartitionData.lastStableOffset');
    }
    let logStartOffset = -1n;
    if (version >= 5) {
        logStartOffset = r.readInt64('FetchResponsePartitionData.logStartOffset');
    }
    let abortedTransactions = [];
    if (version >= 4) {
        {
            const _n = version >= 12
                ? r.readCompactArrayLength('FetchResponsePartitionData.abortedTransactions', 1)
                : r.readArrayLength('FetchResponsePartitionData.abortedTransactions', 1);
            if (_n < 0) {
                abortedTransactions = null;
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeFetchResponseAbortedTransaction(r, version));
                abortedTransactions = _a;
            }
        }
    }
    let preferredReadReplica = -1;
    if (version >= 11) {
        preferredReadReplica = r.readInt32('FetchResponsePartitionData.preferredReadReplica');
    }
    const records = version >= 12
        ? r.readCompactNullableBytes('FetchResponsePartitionData.records')
        : r.readNullableBytes('FetchResponsePartitionData.records');
    const m = {
        partitionIndex,
        errorCode,
        highWatermark,
        lastStableOffset,
        logStartOffset,
        divergingEpoch: createFetchResponseEpochEndOffset(),
        currentLeader: createFetchResponseLeaderIdAndEpoch(),
        snapshotId: createFetchResponseSnapshotId(),
        abortedTransactions,
        preferredReadReplica,
        records,
    };
    if (version >= 12) {
        const _count = r.readTaggedFieldCount('FetchResponsePartitionData._tagged');
        for (let _t = 0; _t < _count; _t++) {
            const _tag = r.readUnsignedVarint('FetchResponsePartitionData._tagged');
            const _size = r.readTaggedFieldSize('FetchResponsePartitionData._tagged');
            const _end = r.offset + _size;
            switch (_tag) {
                case 0: {
                    if (version >= 12) {
                        m.divergingEpoch = decodeFetchResponseEpochEndOffset(r, version);
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'FetchResponsePartitionData._tagged'),
                        });
                    }
                    break;
                }
                case 1: {
                    if (version >= 12) {
                        m.currentLeader = decodeFetchResponseLeaderIdAndEpoch(r, version);
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'FetchResponsePartitionData._tagged'),
                        });
                    }
                    break;
                }
                case 2: {
                    if (version >= 12) {
                        m.snapshotId = decodeFetchResponseSnapshotId(r, version);
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'FetchResponsePartitionData._tagged'),
                        });
                    }
                    break;
                }
                default:
                    (m.unknownTaggedFields ??= []).push({
                        tag: _tag,
                        data: r.readRaw(_size, 'FetchResponsePartitionData._tagged'),
                    });
            }
            if (r.offset !== _end)
                throw r.error('FetchResponsePartitionData._tagged', 'tagged field ' + _tag + ' does not match its size ' + _size);
        }
    }
    return m;
}
function decodeFetchResponseEpochEndOffset(r, version) {
    const epoch = r.readInt32('FetchResponseEpochEndOffset.epoch');
    const endOffset = r.readInt64('FetchResponseEpochEndOffset.endOffset');
    const m = { epoch, endOffset };
    const _tf = r.readTaggedFields('FetchResponseEpochEndOffset._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeFetchResponseLeaderIdAndEpoch(r, version) {
    const leaderId = r.readInt32('FetchResponseLeaderIdAndEpoch.leaderId');
    const leaderEpoch = r.readInt32('FetchResponseLeaderIdAndEpoch.leaderEpoch');
    const m = { leaderId, leaderEpoch };
    const _tf = r.readTaggedFields('FetchResponseLeaderIdAndEpoch._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeFetchResponseSnapshotId(r, version) {
    const endOffset = r.readInt64('FetchResponseSnapshotId.endOffset');
    const epoch = r.readInt32('FetchResponseSnapshotId.epoch');
    const m = { endOffset, epoch };
    const _tf = r.readTaggedFields('FetchResponseSnapshotId._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeFetchResponseAbortedTransaction(r, version) {
    const producerId = r.readInt64('FetchResponseAbortedTransaction.producerId');
    const firstOffset = r.readInt64('FetchResponseAbortedTransaction.firstOffset');
    const m = { producerId, firstOffset };
    if (version >= 12) {
        const _tf = r.readTaggedFields('FetchResponseAbortedTransaction._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeFetchResponseNodeEndpoint(r, version) {
    const nodeId = r.readInt32('FetchResponseNodeEndpoint.nodeId');
    const host = r.readCompactString('FetchResponseNodeEndpoint.host');
    const port = r.readInt32('FetchResponseNodeEndpoint.port');
    const rack = r.readCompactNullableString('FetchResponseNodeEndpoint.rack');
    const m = { nodeId, host, port, rack };
    const _tf = r.readTaggedFields('FetchResponseNodeEndpoint._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeFetchResponse(w, version, m) {
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    if (version >= 7) {
        w.writeInt16(m.errorCode);
    }
    if (version >= 7) {
        w.writeInt32(m.sessionId);
    }
    {
        const _a = m.responses;
        if (version >= 12) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeFetchResponseFetchableTopicResponse(w, version, _e);
        }
    }
    if (version >= 12) {
        const _has0 = version >= 16 && m.nodeEndpoints.length !== 0;
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
                        encodeFetchResponseNodeEndpoint(_w, version, _e);
                    }
                }
                _tf.push({ tag: 0, data: _w.toBuffer() });
            }
            w.writeTaggedFields(_tf);
        }
    }
}
function encodeFetchResponseFetchableTopicResponse(w, version, m) {
    if (version <= 12) {
        if (version >= 12) {
            w.writeCompactString(m.topic);
        }
        else {
            w.writeString(m.topic);
        }
    }
    if (version >= 13) {
        w.writeUuid(m.topicId);
    }
    {
        const _a = m.partitions;
        if (version >= 12) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeFetchResponsePartitionData(w, version, _e);
        }
    }
    if (version >= 12) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeFetchResponsePartitionData(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt16(m.errorCode);
    w.writeInt64(m.highWatermark);
    if (version >= 4) {
        w.writeInt64(m.lastStableOffset);
    }
    if (version >= 5) {
        w.writeInt64(m.logStartOffset);
    }
    if (version >= 4) {
        {
            const _a = m.abortedTransactions;
            if (_a === null) {
                if (version >= 12) {
                    w.writeCompactArrayLength(-1);
                }
                else {
                    w.writeArrayLength(-1);
                }
            }
            else {
                if (version >= 12) {
                    w.writeCompactArrayLength(_a.length);
                }
                else {
                    w.writeArrayLength(_a.length);
                }
                for (const _e of _a) {
                    encodeFetchResponseAbortedTransaction(w, version, _e);
                }
            }
        }
    }
    if (version >= 11) {
        w.writeInt32(m.preferredReadReplica);
    }
    if (version >= 12) {
        w.writeCompactRecords(m.records);
    }
    else {
        w.writeRecords(m.records);
    }
    if (version >= 12) {
        const _has0 = version >= 12 && !isDefaultFetchResponseEpochEndOffset(m.divergingEpoch);
        const _has1 = version >= 12 && !isDefaultFetchResponseLeaderIdAndEpoch(m.currentLeader);
        const _has2 = version >= 12 && !isDefaultFetchResponseSnapshotId(m.snapshotId);
        if (!_has0 && !_has1 && !_has2 && m.unknownTaggedFields === undefined) {
            w.writeUnsignedVarint(0);
        }
        else {
            const _tf = m.unknownTaggedFields === undefined ? [] : m.unknownTaggedFields.slice();
            if (_has0) {
                const _w = new Writer(64);
                encodeFetchResponseEpochEndOffset(_w, version, m.divergingEpoch);
                _tf.push({ tag: 0, data: _w.toBuffer() });
            }
            if (_has1) {
                const _w = new Writer(64);
                encodeFetchResponseLeaderIdAndEpoch(_w, version, m.currentLeader);
                _tf.push({ tag: 1, data: _w.toBuffer() });
            }
            if (_has2) {
                const _w = new Writer(64);
                encodeFetchResponseSnapshotId(_w, version, m.snapshotId);
                _tf.push({ tag: 2, data: _w.toBuffer() });
            }
            w.writeTaggedFields(_tf);
        }
    }
}
function encodeFetchResponseEpochEndOffset(w, version, m) {
    w.writeInt32(m.epoch);
    w.writeInt64(m.endOffset);
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeFetchResponseLeaderIdAndEpoch(w, version, m) {
    w.writeInt32(m.leaderId);
    w.writeInt32(m.leaderEpoch);
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeFetchResponseSnapshotId(w, version, m) {
    w.writeInt64(m.endOffset);
    w.writeInt32(m.epoch);
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeFetchResponseAbortedTransaction(w, version, m) {
    w.writeInt64(m.producerId);
    w.writeInt64(m.firstOffset);
    if (version >= 12) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeFetchResponseNodeEndpoint(w, version, m) {
    w.writeInt32(m.nodeId);
    w.writeCompactString(m.host);
    w.writeInt32(m.port);
    w.writeCompactNullableString(m.rack);
    w.writeTaggedFields(m.unknownTaggedFields);
}
