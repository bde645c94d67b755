/** Versions and header rules of DeleteRecords (flexibleMinVersion 99 = never flexible). */
export const DeleteRecordsApi = {
    apiKey: 21,
    name: 'DeleteRecords',
    minVersion: 0,
    maxVersion: 2,
    flexibleMinVersion: 2,
    requestHeaderV2MinVersion: 2,
    responseHeaderV1MinVersion: 2,
};
export function createDeleteRecordsRequest() {
    return {
        topics: [],
        timeoutMs: 0,
    };
}
export function createDeleteRecordsRequestDeleteRecordsTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createDeleteRecordsRequestDeleteRecordsPartition() {
    return {
        partitionIndex: 0,
        offset: 0n,
    };
}
export function decodeDeleteRecordsRequest(r, version) {
    let topics;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('DeleteRecordsRequest.topics', 1)
            : r.readArrayLength('DeleteRecordsRequest.topics', 1);
        if (_n < 0) {
            throw r.error('DeleteRecordsRequest.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDeleteRecordsRequestDeleteRecordsTopic(r, version));
            topics = _a;
        }
    }
    const timeoutMs = r.readInt32('DeleteRecordsRequest.timeoutMs');
    const m = { topics, timeoutMs };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteRecordsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDeleteRecordsRequestDeleteRecordsTopic(r, version) {
    const name = version >= 2
        ? r.readCompactString('DeleteRecordsRequestDeleteRecordsTopic.name')
        : r.readString('DeleteRecordsRequestDeleteRecordsTopic.name');
    let partitions;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('DeleteRecordsRequestDeleteRecordsTopic.partitions', 1)
            : r.readArrayLength('DeleteRecordsRequestDeleteRecordsTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('DeleteRecordsRequestDeleteRecordsTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDeleteRecordsRequestDeleteRecordsPartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteRecordsRequestDeleteRecordsTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDeleteRecordsRequestDeleteRecordsPartition(r, version) {
    const partitionIndex = r.readInt32('DeleteRecordsRequestDeleteRecordsPartition.partitionIndex');
    const offset = r.readInt64('DeleteRecordsRequestDeleteRecordsPartition.offset');
    const m = { partitionIndex, offset };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteRecordsRequestDeleteRecordsPartition._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDeleteRecordsRequest(w, version, m) {
    {
        const _a = m.topics;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDeleteRecordsRequestDeleteRecordsTopic(w, version, _e);
        }
    }
    w.writeInt32(m.timeoutMs);
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDeleteRecordsRequestDeleteRecordsTopic(w, version, m) {
    if (version >= 2) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDeleteRecordsRequestDeleteRecordsPartition(w, version, _e);
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDeleteRecordsRequestDeleteRecordsPartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt64(m.offset);
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createDeleteRecordsResponse() {
    return {
        throttleTimeMs: 0,
        topics: [],
    };
}
export function createDeleteRecordsResponseDeleteRecordsTopicResult() {
    return {
        name: '',
        partitions: [],
    };
}
export function createDeleteRecordsResponseDeleteRecordsPartitionResult() {
    return {
        partitionIndex: 0,
        lowWatermark: 0n,
        errorCode: 0,
    };
}
export function decodeDeleteRecordsResponse(r, version) {
    const throttleTimeMs = r.readInt32('DeleteRecordsResponse.throttleTimeMs');
    let topics;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('DeleteRecordsResponse.topics', 1)
            : r.readArrayLength('DeleteRecordsResponse.topics', 1);
        if (_n < 0) {
            throw r.error('DeleteRecordsResponse.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDeleteRecordsResponseDeleteRecordsTopicResult(r, version));
            topics = _a;
        }
    }
    const m = { throttleTimeMs, topics };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteRecordsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDeleteRecordsResponseDeleteRecordsTopicResult(r, version) {
    const name = version >= 2
        ? r.readCompactString('DeleteRecordsResponseDeleteRecordsTopicResult.name')
        : r.readString('DeleteRecordsResponseDeleteRecordsTopicResult.name');
    let partitions;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('DeleteRecordsResponseDeleteRecordsTopicResult.partitions', 1)
            : r.readArrayLength('DeleteRecordsResponseDeleteRecordsTopicResult.partitions', 1);
        if (_n < 0) {
            throw r.error('DeleteRecordsResponseDeleteRecordsTopicResult.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDeleteRecordsResponseDeleteRecordsPartitionResult(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteRecordsResponseDeleteRecordsTopicResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDeleteRecordsResponseDeleteRecordsPartitionResult(r, version) {
    const partitionIndex = r.readInt32('DeleteRecordsResponseDeleteRecordsPartitionResult.partitionIndex');
    const lowWatermark = r.readInt64('DeleteRecordsResponseDeleteRecordsPartitionResult.lowWatermark');
    const errorCode = r.readInt16('DeleteRecordsResponseDeleteRecordsPartitionResult.errorCode');
    const m = { partitionIndex, lowWatermark, errorCode };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteRecordsResponseDeleteRecordsPartitionResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDeleteRecordsResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.topics;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDeleteRecordsResponseDeleteRecordsTopicResult(w, version, _e);
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDeleteRecordsResponseDeleteRecordsTopicResult(w, version, m) {
    if (version >= 2) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDeleteRecordsResponseDeleteRecordsPartitionResult(w, version, _e);
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDeleteRecordsResponseDeleteRecordsPartitionResult(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt64(m.lowWatermark);
    w.writeInt16(m.errorCode);
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
