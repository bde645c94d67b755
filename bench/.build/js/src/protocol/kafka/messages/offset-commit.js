/** Versions and header rules of OffsetCommit (flexibleMinVersion 99 = never flexible). */
export const OffsetCommitApi = {
    apiKey: 8,
    name: 'OffsetCommit',
    minVersion: 0,
    maxVersion: 9,
    flexibleMinVersion: 8,
    requestHeaderV2MinVersion: 8,
    responseHeaderV1MinVersion: 8,
};
export function createOffsetCommitRequest() {
    return {
        groupId: '',
        generationIdOrMemberEpoch: -1,
        memberId: '',
        groupInstanceId: null,
        retentionTimeMs: -1n,
        topics: [],
    };
}
export function createOffsetCommitRequestOffsetCommitRequestTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createOffsetCommitRequestOffsetCommitRequestPartition() {
    return {
        partitionIndex: 0,
        committedOffset: 0n,
        committedLeaderEpoch: -1,
        commitTimestamp: -1n,
        committedMetadata: '',
    };
}
export function decodeOffsetCommitRequest(r, version) {
    const groupId = version >= 8
        ? r.readCompactString('OffsetCommitRequest.groupId')
        : r.readString('OffsetCommitRequest.groupId');
    let generationIdOrMemberEpoch = -1;
    if (version >= 1) {
        generationIdOrMemberEpoch = r.readInt32('OffsetCommitRequest.generationIdOrMemberEpoch');
    }
    let memberId = '';
    if (version >= 1) {
        memberId =
            version >= 8
                ? r.readCompactString('OffsetCommitRequest.memberId')
                : r.readString('OffsetCommitRequest.memberId');
    }
    let groupInstanceId = null;
    if (version >= 7) {
        groupInstanceId =
            version >= 8
                ? r.readCompactNullableString('OffsetCommitRequest.groupInstanceId')
                : r.readNullableString('OffsetCommitRequest.groupInstanceId');
    }
    let retentionTimeMs = -1n;
    if (version >= 2 && version <= 4) {
        retentionTimeMs = r.readInt64('OffsetCommitRequest.retentionTimeMs');
    }
    let topics;
    {
        const _n = version >= 8
            ? r.readCompactArrayLength('OffsetCommitRequest.topics', 1)
            : r.readArrayLength('OffsetCommitRequest.topics', 1);
        if (_n < 0) {
            throw r.error('OffsetCommitRequest.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetCommitRequestOffsetCommitRequestTopic(r, version));
            topics = _a;
        }
    }
    const m = {
        groupId,
        generationIdOrMemberEpoch,
        memberId,
        groupInstanceId,
        retentionTimeMs,
        topics,
    };
    if (version >= 8) {
        const _tf = r.readTaggedFields('OffsetCommitRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetCommitRequestOffsetCommitRequestTopic(r, version) {
    const name = version >= 8
        ? r.readCompactString('OffsetCommitRequestOffsetCommitRequestTopic.name')
        : r.readString('OffsetCommitRequestOffsetCommitRequestTopic.name');
    let partitions;
    {
        const _n = version >= 8
            ? r.readCompactArrayLength('OffsetCommitRequestOffsetCommitRequestTopic.partitions', 1)
            : r.readArrayLength('OffsetCommitRequestOffsetCommitRequestTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('OffsetCommitRequestOffsetCommitRequestTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetCommitRequestOffsetCommitRequestPartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 8) {
        const _tf = r.readTaggedFields('OffsetCommitRequestOffsetCommitRequestTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetCommitRequestOffsetCommitRequestPartition(r, version) {
    const partitionIndex = r.readInt32('OffsetCommitRequestOffsetCommitRequestPartition.partitionIndex');
    const committedOffset = r.readInt64('OffsetCommitRequestOffsetCommitRequestPartition.committedOffset');
    let committedLeaderEpoch = -1;
    if (version >= 6) {
        committedLeaderEpoch = r.readInt32('OffsetCommitRequestOffsetCommitRequestPartition.committedLeaderEpoch');
    }
    let commitTimestamp = -1n;
    if (version === 1) {
        commitTimestamp = r.readInt64('OffsetCommitRequestOffsetCommitRequestPartition.commitTimestamp');
    }
    const committedMetadata = version >= 8
        ? r.readCompactNullableString('OffsetCommitRequestOffsetCommitRequestPartition.committedMetadata')
        : r.readNullableString('OffsetCommitRequestOffsetCommitRequestPartition.committedMetadata');
    const m = {
        partitionIndex,
        committedOffset,
        committedLeaderEpoch,
        commitTimestamp,
        committedMetadata,
    };
    if (version >= 8) {
        const _tf = r.readTaggedFields('OffsetCommitRequestOffsetCommitRequestPartition._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeOffsetCommitRequest(w, version, m) {
    if (version >= 8) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    if (version >= 1) {
        w.writeInt32(m.generationIdOrMemberEpoch);
    }
    if (version >= 1) {
        if (version >= 8) {
            w.writeCompactString(m.memberId);
        }
        else {
            w.writeString(m.memberId);
        }
    }
    if (version >= 7) {
        if (version >= 8) {
            w.writeCompactNullableString(m.groupInstanceId);
        }
        else {
            w.writeNullableString(m.groupInstanceId);
        }
    }
    if (version >= 2 && version <= 4) {
        w.writeInt64(m.retentionTimeMs);
    }
    {
        const _a = m.topics;
        if (version >= 8) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeOffsetCommitRequestOffsetCommitRequestTopic(w, version, _e);
        }
    }
    if (version >= 8) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetCommitRequestOffsetCommitRequestTopic(w, version, m) {
    if (version >= 8) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 8) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeOffsetCommitRequestOffsetCommitRequestPartition(w, version, _e);
        }
    }
    if (version >= 8) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetCommitRequestOffsetCommitRequestPartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt64(m.committedOffset);
    if (version >= 6) {
        w.writeInt32(m.committedLeaderEpoch);
    }
    if (version === 1) {
        w.writeInt64(m.commitTimestamp);
    }
    if (version >= 8) {
        w.writeCompactNullableString(m.committedMetadata);
    }
    else {
        w.writeNullableString(m.committedMetadata);
    }
    if (version >= 8) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createOffsetCommitResponse() {
    return {
        throttleTimeMs: 0,
        topics: [],
    };
}
export function createOffsetCommitResponseOffsetCommitResponseTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createOffsetCommitResponseOffsetCommitResponsePartition() {
    return {
        partitionIndex: 0,
        errorCode: 0,
    };
}
export function decodeOffsetCommitResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 3) {
        throttleTimeMs = r.readInt32('OffsetCommitResponse.throttleTimeMs');
    }
    let topics;
    {
        const _n = version >= 8
            ? r.readCompactArrayLength('OffsetCommitResponse.topics', 1)
            : r.readArrayLength('OffsetCommitResponse.topics', 1);
        if (_n < 0) {
            throw r.error('OffsetCommitResponse.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetCommitResponseOffsetCommitResponseTopic(r, version));
            topics = _a;
        }
    }
    const m = { throttleTimeMs, topics };
    if (version >= 8) {
        const _tf = r.readTaggedFields('OffsetCommitResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetCommitResponseOffsetCommitResponseTopic(r, version) {
    const name = version >= 8
        ? r.readCompactString('OffsetCommitResponseOffsetCommitResponseTopic.name')
        : r.readString('OffsetCommitResponseOffsetCommitResponseTopic.name');
    let partitions;
    {
        const _n = version >= 8
            ? r.readCompactArrayLength('OffsetCommitResponseOffsetCommitResponseTopic.partitions', 1)
            : r.readArrayLength('OffsetCommitResponseOffsetCommitResponseTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('OffsetCommitResponseOffsetCommitResponseTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetCommitResponseOffsetCommitResponsePartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 8) {
        const _tf = r.readTaggedFields('OffsetCommitResponseOffsetCommitResponseTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetCommitResponseOffsetCommitResponsePartition(r, version) {
    const partitionIndex = r.readInt32('OffsetCommitResponseOffsetCommitResponsePartition.partitionIndex');
    const errorCode = r.readInt16('OffsetCommitResponseOffsetCommitResponsePartition.errorCode');
    const m = { partitionIndex, errorCode };
    if (version >= 8) {
        const _tf = r.readTaggedFields('OffsetCommitResponseOffsetCommitResponsePartition._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeOffsetCommitResponse(w, version, m) {
    if (version >= 3) {
        w.writeInt32(m.throttleTimeMs);
    }
    {
        const _a = m.topics;
        if (version >= 8) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeOffsetCommitResponseOffsetCommitResponseTopic(w, version, _e);
        }
    }
    if (version >= 8) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetCommitResponseOffsetCommitResponseTopic(w, version, m) {
    if (version >= 8) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 8) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeOffsetCommitResponseOffsetCommitResponsePartition(w, version, _e);
        }
    }
    if (version >= 8) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetCommitResponseOffsetCommitResponsePartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt16(m.errorCode);
    if (version >= 8) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
