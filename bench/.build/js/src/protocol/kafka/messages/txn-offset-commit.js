/** Versions and header rules of TxnOffsetCommit (flexibleMinVersion 99 = never flexible). */
export const TxnOffsetCommitApi = {
    apiKey: 28,
    name: 'TxnOffsetCommit',
    minVersion: 0,
    maxVersion: 4,
    flexibleMinVersion: 3,
    requestHeaderV2MinVersion: 3,
    responseHeaderV1MinVersion: 3,
};
export function createTxnOffsetCommitRequest() {
    return {
        transactionalId: '',
        groupId: '',
        producerId: 0n,
        producerEpoch: 0,
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        topics: [],
    };
}
export function createTxnOffsetCommitRequestTxnOffsetCommitRequestTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createTxnOffsetCommitRequestTxnOffsetCommitRequestPartition() {
    return {
        partitionIndex: 0,
        committedOffset: 0n,
        committedLeaderEpoch: -1,
        committedMetadata: '',
    };
}
export function decodeTxnOffsetCommitRequest(r, version) {
    const transactionalId = version >= 3
        ? r.readCompactString('TxnOffsetCommitRequest.transactionalId')
        : r.readString('TxnOffsetCommitRequest.transactionalId');
    const groupId = version >= 3
        ? r.readCompactString('TxnOffsetCommitRequest.groupId')
        : r.readString('TxnOffsetCommitRequest.groupId');
    const producerId = r.readInt64('TxnOffsetCommitRequest.producerId');
    const producerEpoch = r.readInt16('TxnOffsetCommitRequest.producerEpoch');
    let generationId = -1;
    if (version >= 3) {
        generationId = r.readInt32('TxnOffsetCommitRequest.generationId');
    }
    let memberId = '';
    if (version >= 3) {
        memberId = r.readCompactString('TxnOffsetCommitRequest.memberId');
    }
    let groupInstanceId = null;
    if (version >= 3) {
        groupInstanceId = r.readCompactNullableString('TxnOffsetCommitRequest.groupInstanceId');
    }
    let topics;
    {
        const _n = version >= 3
            ? r.readCompactArrayLength('TxnOffsetCommitRequest.topics', 1)
            : r.readArrayLength('TxnOffsetCommitRequest.topics', 1);
        if (_n < 0) {
            throw r.error('TxnOffsetCommitRequest.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeTxnOffsetCommitRequestTxnOffsetCommitRequestTopic(r, version));
            topics = _a;
        }
    }
    const m = {
        transactionalId,
        groupId,
        producerId,
        producerEpoch,
        generationId,
        memberId,
        groupInstanceId,
        topics,
    };
    if (version >= 3) {
        const _tf = r.readTaggedFields('TxnOffsetCommitRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeTxnOffsetCommitRequestTxnOffsetCommitRequestTopic(r, version) {
    const name = version >= 3
        ? r.readCompactString('TxnOffsetCommitRequestTxnOffsetCommitRequestTopic.name')
        : r.readString('TxnOffsetCommitRequestTxnOffsetCommitRequestTopic.name');
    let partitions;
    {
        const _n = version >= 3
            ? r.readCompactArrayLength('TxnOffsetCommitRequestTxnOffsetCommitRequestTopic.partitions', 1)
            : r.readArrayLength('TxnOffsetCommitRequestTxnOffsetCommitRequestTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('TxnOffsetCommitRequestTxnOffsetCommitRequestTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeTxnOffsetCommitRequestTxnOffsetCommitRequestPartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 3) {
        const _tf = r.readTaggedFields('TxnOffsetCommitRequestTxnOffsetCommitRequestTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeTxnOffsetCommitRequestTxnOffsetCommitRequestPartition(r, version) {
    const partitionIndex = r.readInt32('TxnOffsetCommitRequestTxnOffsetCommitRequestPartition.partitionIndex');
    const committedOffset = r.readInt64('TxnOffsetCommitRequestTxnOffsetCommitRequestPartition.committedOffset');
    let committedLeaderEpoch = -1;
    if (version >= 2) {
        committedLeaderEpoch = r.readInt32('TxnOffsetCommitRequestTxnOffsetCommitRequestPartition.committedLeaderEpoch');
    }
    const committedMetadata = version >= 3
        ? r.readCompactNullableString('TxnOffsetCommitRequestTxnOffsetCommitRequestPartition.committedMetadata')
        : r.readNullableString('TxnOffsetCommitRequestTxnOffsetCommitRequestPartition.committedMetadata');
    const m = {
        partitionIndex,
        committedOffset,
        committedLeaderEpoch,
        committedMetadata,
    };
    if (version >= 3) {
        const _tf = r.readTaggedFields('TxnOffsetCommitRequestTxnOffsetCommitRequestPartition._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeTxnOffsetCommitRequest(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.transactionalId);
    }
    else {
        w.writeString(m.transactionalId);
    }
    if (version >= 3) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    w.writeInt64(m.producerId);
    w.writeInt16(m.producerEpoch);
    if (version >= 3) {
        w.writeInt32(m.generationId);
    }
    if (version >= 3) {
        w.writeCompactString(m.memberId);
    }
    if (version >= 3) {
        w.writeCompactNullableString(m.groupInstanceId);
    }
    {
        const _a = m.topics;
        if (version >= 3) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeTxnOffsetCommitRequestTxnOffsetCommitRequestTopic(w, version, _e);
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeTxnOffsetCommitRequestTxnOffsetCommitRequestTopic(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 3) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeTxnOffsetCommitRequestTxnOffsetCommitRequestPartition(w, version, _e);
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeTxnOffsetCommitRequestTxnOffsetCommitRequestPartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt64(m.committedOffset);
    if (version >= 2) {
        w.writeInt32(m.committedLeaderEpoch);
    }
    if (version >= 3) {
        w.writeCompactNullableString(m.committedMetadata);
    }
    else {
        w.writeNullableString(m.committedMetadata);
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createTxnOffsetCommitResponse() {
    return {
        throttleTimeMs: 0,
        topics: [],
    };
}
export function createTxnOffsetCommitResponseTxnOffsetCommitResponseTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createTxnOffsetCommitResponseTxnOffsetCommitResponsePartition() {
    return {
        partitionIndex: 0,
        errorCode: 0,
    };
}
export function decodeTxnOffsetCommitResponse(r, version) {
    const throttleTimeMs = r.readInt32('TxnOffsetCommitResponse.throttleTimeMs');
    let topics;
    {
        const _n = version >= 3
            ? r.readCompactArrayLength('TxnOffsetCommitResponse.topics', 1)
            : r.readArrayLength('TxnOffsetCommitResponse.topics', 1);
        if (_n < 0) {
            throw r.error('TxnOffsetCommitResponse.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeTxnOffsetCommitResponseTxnOffsetCommitResponseTopic(r, version));
            topics = _a;
        }
    }
    const m = { throttleTimeMs, topics };
    if (version >= 3) {
        const _tf = r.readTaggedFields('TxnOffsetCommitResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeTxnOffsetCommitResponseTxnOffsetCommitResponseTopic(r, version) {
    const name = version >= 3
        ? r.readCompactString('TxnOffsetCommitResponseTxnOffsetCommitResponseTopic.name')
        : r.readString('TxnOffsetCommitResponseTxnOffsetCommitResponseTopic.name');
    let partitions;
    {
        const _n = version >= 3
            ? r.readCompactArrayLength('TxnOffsetCommitResponseTxnOffsetCommitResponseTopic.partitions', 1)
            : r.readArrayLength('TxnOffsetCommitResponseTxnOffsetCommitResponseTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('TxnOffsetCommitResponseTxnOffsetCommitResponseTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeTxnOffsetCommitResponseTxnOffsetCommitResponsePartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 3) {
        const _tf = r.readTaggedFields('TxnOffsetCommitResponseTxnOffsetCommitResponseTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeTxnOffsetCommitResponseTxnOffsetCommitResponsePartition(r, version) {
    const partitionIndex = r.readInt32('TxnOffsetCommitResponseTxnOffsetCommitResponsePartition.partitionIndex');
    const errorCode = r.readInt16('TxnOffsetCommitResponseTxnOffsetCommitResponsePartition.errorCode');
    const m = { partitionIndex, errorCode };
    if (version >= 3) {
        const _tf = r.readTaggedFields('TxnOffsetCommitResponseTxnOffsetCommitResponsePartition._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeTxnOffsetCommitResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.topics;
        if (version >= 3) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeTxnOffsetCommitResponseTxnOffsetCommitResponseTopic(w, version, _e);
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeTxnOffsetCommitResponseTxnOffsetCommitResponseTopic(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 3) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeTxnOffsetCommitResponseTxnOffsetCommitResponsePartition(w, version, _e);
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeTxnOffsetCommitResponseTxnOffsetCommitResponsePartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt16(m.errorCode);
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
