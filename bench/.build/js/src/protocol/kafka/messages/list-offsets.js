/** Versions and header rules of ListOffsets (flexibleMinVersion 99 = never flexible). */
export const ListOffsetsApi = {
    apiKey: 2,
    name: 'ListOffsets',
    minVersion: 0,
    maxVersion: 9,
    flexibleMinVersion: 6,
    requestHeaderV2MinVersion: 6,
    responseHeaderV1MinVersion: 6,
};
export function createListOffsetsRequest() {
    return {
        replicaId: 0,
        isolationLevel: 0,
        topics: [],
    };
}
export function createListOffsetsRequestListOffsetsTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createListOffsetsRequestListOffsetsPartition() {
    return {
        partitionIndex: 0,
        currentLeaderEpoch: -1,
        timestamp: 0n,
        maxNumOffsets: 1,
    };
}
export function decodeListOffsetsRequest(r, version) {
    const replicaId = r.readInt32('ListOffsetsRequest.replicaId');
    let isolationLevel = 0;
    if (version >= 2) {
        isolationLevel = r.readInt8('ListOffsetsRequest.isolationLevel');
    }
    let topics;
    {
        const _n = version >= 6
            ? r.readCompactArrayLength('ListOffsetsRequest.topics', 1)
            : r.readArrayLength('ListOffsetsRequest.topics', 1);
        if (_n < 0) {
            throw r.error('ListOffsetsRequest.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeListOffsetsRequestListOffsetsTopic(r, version));
            topics = _a;
        }
    }
    const m = { replicaId, isolationLevel, topics };
    if (version >= 6) {
        const _tf = r.readTaggedFields('ListOffsetsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeListOffsetsRequestListOffsetsTopic(r, version) {
    const name = version >= 6
        ? r.readCompactString('ListOffsetsRequestListOffsetsTopic.name')
        : r.readString('ListOffsetsRequestListOffsetsTopic.name');
    let partitions;
    {
        const _n = version >= 6
            ? r.readCompactArrayLength('ListOffsetsRequestListOffsetsTopic.partitions', 1)
            : r.readArrayLength('ListOffsetsRequestListOffsetsTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('ListOffsetsRequestListOffsetsTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeListOffsetsRequestListOffsetsPartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 6) {
        const _tf = r.readTaggedFields('ListOffsetsRequestListOffsetsTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeListOffsetsRequestListOffsetsPartition(r, version) {
    const partitionIndex = r.readInt32('ListOffsetsRequestListOffsetsPartition.partitionIndex');
    let currentLeaderEpoch = -1;
    if (version >= 4) {
        currentLeaderEpoch = r.readInt32('ListOffsetsRequestListOffsetsPartition.currentLeaderEpoch');
    }
    const timestamp = r.readInt64('ListOffsetsRequestListOffsetsPartition.timestamp');
    let maxNumOffsets = 1;
    if (version <= 0) {
        maxNumOffsets = r.readInt32('ListOffsetsRequestListOffsetsPartition.maxNumOffsets');
    }
    const m = {
        partitionIndex,
        currentLeaderEpoch,
        timestamp,
        maxNumOffsets,
    };
    if (version >= 6) {
        const _tf = r.readTaggedFields('ListOffsetsRequestListOffsetsPartition._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeListOffsetsRequest(w, version, m) {
    w.writeInt32(m.replicaId);
    if (version >= 2) {
        w.writeInt8(m.isolationLevel);
    }
    {
        const _a = m.topics;
        if (version >= 6) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeListOffsetsRequestListOffsetsTopic(w, version, _e);
        }
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeListOffsetsRequestListOffsetsTopic(w, version, m) {
    if (version >= 6) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 6) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeListOffsetsRequestListOffsetsPartition(w, version, _e);
        }
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeListOffsetsRequestListOffsetsPartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
    if (version >= 4) {
        w.writeInt32(m.currentLeaderEpoch);
    }
    w.writeInt64(m.timestamp);
    if (version <= 0) {
        w.writeInt32(m.maxNumOffsets);
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createListOffsetsResponse() {
    return {
        throttleTimeMs: 0,
        topics: [],
    };
}
export function createListOffsetsResponseListOffsetsTopicResponse() {
    return {
        name: '',
        partitions: [],
    };
}
export function createListOffsetsResponseListOffsetsPartitionResponse() {
    return {
        partitionIndex: 0,
        errorCode: 0,
        oldStyleOffsets: [],
        timestamp: -1n,
        offset: -1n,
        leaderEpoch: -1,
    };
}
export function decodeListOffsetsResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 2) {
        throttleTimeMs = r.readInt32('ListOffsetsResponse.throttleTimeMs');
    }
    let topics;
    {
        const _n = version >= 6
            ? r.readCompactArrayLength('ListOffsetsResponse.topics', 1)
            : r.readArrayLength('ListOffsetsResponse.topics', 1);
        if (_n < 0) {
            throw r.error('ListOffsetsResponse.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeListOffsetsResponseListOffsetsTopicResponse(r, version));
            topics = _a;
        }
    }
    const m = { throttleTimeMs, topics };
    if (version >= 6) {
        const _tf = r.readTaggedFields('ListOffsetsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeListOffsetsResponseListOffsetsTopicResponse(r, version) {
    const name = version >= 6
        ? r.readCompactString('ListOffsetsResponseListOffsetsTopicResponse.name')
        : r.readString('ListOffsetsResponseListOffsetsTopicResponse.name');
    let partitions;
    {
        const _n = version >= 6
            ? r.readCompactArrayLength('ListOffsetsResponseListOffsetsTopicResponse.partitions', 1)
            : r.readArrayLength('ListOffsetsResponseListOffsetsTopicResponse.partitions', 1);
        if (_n < 0) {
            throw r.error('ListOffsetsResponseListOffsetsTopicResponse.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeListOffsetsResponseListOffsetsPartitionResponse(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 6) {
        const _tf = r.readTaggedFields('ListOffsetsResponseListOffsetsTopicResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeListOffsetsResponseListOffsetsPartitionResponse(r, version) {
    const partitionIndex = r.readInt32('ListOffsetsResponseListOffsetsPartitionResponse.partitionIndex');
    const errorCode = r.readInt16('ListOffsetsResponseListOffsetsPartitionResponse.errorCode');
    let oldStyleOffsets = [];
    if (version <= 0) {
        {
            const _n = r.readArrayLength('ListOffsetsResponseListOffsetsPartitionResponse.oldStyleOffsets', 8);
            if (_n < 0) {
                throw r.error('ListOffsetsResponseListOffsetsPartitionResponse.oldStyleOffsets', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(r.readInt64('ListOffsetsResponseListOffsetsPartitionResponse.oldStyleOffsets'));
                oldStyleOffsets = _a;
            }
        }
    }
    let timestamp = -1n;
    if (version >= 1) {
        timestamp = r.readInt64('ListOffsetsResponseListOffsetsPartitionResponse.timestamp');
    }
    let offset = -1n;
    if (version >= 1) {
        offset = r.readInt64('ListOffsetsResponseListOffsetsPartitionResponse.offset');
    }
    let leaderEpoch = -1;
    if (version >= 4) {
        leaderEpoch = r.readInt32('ListOffsetsResponseListOffsetsPartitionResponse.leaderEpoch');
    }
    const m = {
        partitionIndex,
        errorCode,
        oldStyleOffsets,
        timestamp,
        offset,
        leaderEpoch,
    };
    if (version >= 6) {
        const _tf = r.readTaggedFields('ListOffsetsResponseListOffsetsPartitionResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeListOffsetsResponse(w, version, m) {
    if (version >= 2) {
        w.writeInt32(m.throttleTimeMs);
    }
    {
        const _a = m.topics;
        if (version >= 6) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeListOffsetsResponseListOffsetsTopicResponse(w, version, _e);
        }
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeListOffsetsResponseListOffsetsTopicResponse(w, version, m) {
    if (version >= 6) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 6) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeListOffsetsResponseListOffsetsPartitionResponse(w, version, _e);
        }
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeListOffsetsResponseListOffsetsPartitionResponse(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt16(m.errorCode);
    if (version <= 0) {
        {
            const _a = m.oldStyleOffsets;
            w.writeArrayLength(_a.length);
            for (const _e of _a) {
                w.writeInt64(_e);
            }
        }
    }
    if (version >= 1) {
        w.writeInt64(m.timestamp);
    }
    if (version >= 1) {
        w.writeInt64(m.offset);
    }
    if (version >= 4) {
        w.writeInt32(m.leaderEpoch);
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
