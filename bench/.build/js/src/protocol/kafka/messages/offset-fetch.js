import { nullNotAllowed } from '../codec/writer.js';
/** Versions and header rules of OffsetFetch (flexibleMinVersion 99 = never flexible). */
export const OffsetFetchApi = {
    apiKey: 9,
    name: 'OffsetFetch',
    minVersion: 0,
    maxVersion: 9,
    flexibleMinVersion: 6,
    requestHeaderV2MinVersion: 6,
    responseHeaderV1MinVersion: 6,
};
export function createOffsetFetchRequest() {
    return {
        groupId: '',
        topics: [],
        groups: [],
        requireStable: false,
    };
}
export function createOffsetFetchRequestOffsetFetchRequestTopic() {
    return {
        name: '',
        partitionIndexes: [],
    };
}
export function createOffsetFetchRequestOffsetFetchRequestGroup() {
    return {
        groupId: '',
        memberId: null,
        memberEpoch: -1,
        topics: [],
    };
}
export function createOffsetFetchRequestOffsetFetchRequestTopics() {
    return {
        name: '',
        partitionIndexes: [],
    };
}
export function decodeOffsetFetchRequest(r, version) {
    let groupId = '';
    if (version <= 7) {
        groupId =
            version >= 6
                ? r.readCompactString('OffsetFetchRequest.groupId')
                : r.readString('OffsetFetchRequest.groupId');
    }
    let topics = [];
    if (version <= 7) {
        {
            const _n = version >= 6
                ? r.readCompactArrayLength('OffsetFetchRequest.topics', 1)
                : r.readArrayLength('OffsetFetchRequest.topics', 1);
            if (_n < 0) {
                if (version >= 2) {
                    topics = null;
                }
                else {
                    throw r.error('OffsetFetchRequest.topics', 'null array in version ' + version);
                }
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeOffsetFetchRequestOffsetFetchRequestTopic(r, version));
                topics = _a;
            }
        }
    }
    let groups = [];
    if (version >= 8) {
        {
            const _n = r.readCompactArrayLength('OffsetFetchRequest.groups', 1);
            if (_n < 0) {
                throw r.error('OffsetFetchRequest.groups', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeOffsetFetchRequestOffsetFetchRequestGroup(r, version));
                groups = _a;
            }
        }
    }
    let requireStable = false;
    if (version >= 7) {
        requireStable = r.readBool('OffsetFetchRequest.requireStable');
    }
    const m = { groupId, topics, groups, requireStable };
    if (version >= 6) {
        const _tf = r.readTaggedFields('OffsetFetchRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetFetchRequestOffsetFetchRequestTopic(r, version) {
    const name = version >= 6
        ? r.readCompactString('OffsetFetchRequestOffsetFetchRequestTopic.name')
        : r.readString('OffsetFetchRequestOffsetFetchRequestTopic.name');
    let partitionIndexes;
    {
        const _n = version >= 6
            ? r.readCompactArrayLength('OffsetFetchRequestOffsetFetchRequestTopic.partitionIndexes', 4)
            : r.readArrayLength('OffsetFetchRequestOffsetFetchRequestTopic.partitionIndexes', 4);
        if (_n < 0) {
            throw r.error('OffsetFetchRequestOffsetFetchRequestTopic.partitionIndexes', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('OffsetFetchRequestOffsetFetchRequestTopic.partitionIndexes'));
            partitionIndexes = _a;
        }
    }
    const m = { name, partitionIndexes };
    if (version >= 6) {
        const _tf = r.readTaggedFields('OffsetFetchRequestOffsetFetchRequestTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetFetchRequestOffsetFetchRequestGroup(r, version) {
    const groupId = r.readCompactString('OffsetFetchRequestOffsetFetchRequestGroup.groupId');
    let memberId = null;
    if (version >= 9) {
        memberId = r.readCompactNullableString('OffsetFetchRequestOffsetFetchRequestGroup.memberId');
    }
    let memberEpoch = -1;
    if (version >= 9) {
        memberEpoch = r.readInt32('OffsetFetchRequestOffsetFetchRequestGroup.memberEpoch');
    }
    let topics;
    {
        const _n = r.readCompactArrayLength('OffsetFetchRequestOffsetFetchRequestGroup.topics', 1);
        if (_n < 0) {
            topics = null;
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetFetchRequestOffsetFetchRequestTopics(r, version));
            topics = _a;
        }
    }
    const m = { groupId, memberId, memberEpoch, topics };
    const _tf = r.readTaggedFields('OffsetFetchRequestOffsetFetchRequestGroup._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeOffsetFetchRequestOffsetFetchRequestTopics(r, version) {
    const name = r.readCompactString('OffsetFetchRequestOffsetFetchRequestTopics.name');
    let partitionIndexes;
    {
        const _n = r.readCompactArrayLength('OffsetFetchRequestOffsetFetchRequestTopics.partitionIndexes', 4);
        if (_n < 0) {
            throw r.error('OffsetFetchRequestOffsetFetchRequestTopics.partitionIndexes', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('OffsetFetchRequestOffsetFetchRequestTopics.partitionIndexes'));
            partitionIndexes = _a;
        }
    }
    const m = { name, partitionIndexes };
    const _tf = r.readTaggedFields('OffsetFetchRequestOffsetFetchRequestTopics._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeOffsetFetchRequest(w, version, m) {
    if (version <= 7) {
        if (version >= 6) {
            w.writeCompactString(m.groupId);
        }
        else {
            w.writeString(m.groupId);
        }
    }
    if (version <= 7) {
        {
            const _a = m.topics;
            if (_a === null) {
                if (version >= 2) {
                    if (version >= 6) {
                        w.writeCompactArrayLength(-1);
                    }
                    else {
                        w.writeArrayLength(-1);
                    }
                }
                else {
                    throw nullNotAllowed('OffsetFetchRequest.topics', version);
                }
            }
            else {
                if (version >= 6) {
                    w.writeCompactArrayLength(_a.length);
                }
                else {
                    w.writeArrayLength(_a.length);
                }
                for (const _e of _a) {
                    encodeOffsetFetchRequestOffsetFetchRequestTopic(w, version, _e);
                }
            }
        }
    }
    if (version >= 8) {
        {
            const _a = m.groups;
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                encodeOffsetFetchRequestOffsetFetchRequestGroup(w, version, _e);
            }
        }
    }
    if (version >= 7) {
        w.writeBool(m.requireStable);
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetFetchRequestOffsetFetchRequestTopic(w, version, m) {
    if (version >= 6) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitionIndexes;
        if (version >= 6) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            w.writeInt32(_e);
        }
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetFetchRequestOffsetFetchRequestGroup(w, version, m) {
    w.writeCompactString(m.groupId);
    if (version >= 9) {
        w.writeCompactNullableString(m.memberId);
    }
    if (version >= 9) {
        w.writeInt32(m.memberEpoch);
    }
    {
        const _a = m.topics;
        if (_a === null) {
            w.writeCompactArrayLength(-1);
        }
        else {
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                encodeOffsetFetchRequestOffsetFetchRequestTopics(w, version, _e);
            }
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeOffsetFetchRequestOffsetFetchRequestTopics(w, version, m) {
    w.writeCompactString(m.name);
    {
        const _a = m.partitionIndexes;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            w.writeInt32(_e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
export function createOffsetFetchResponse() {
    return {
        throttleTimeMs: 0,
        topics: [],
        errorCode: 0,
        groups: [],
    };
}
export function createOffsetFetchResponseOffsetFetchResponseTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createOffsetFetchResponseOffsetFetchResponsePartition() {
    return {
        partitionIndex: 0,
        committedOffset: 0n,
        committedLeaderEpoch: -1,
        metadata: '',
        errorCode: 0,
    };
}
export function createOffsetFetchResponseOffsetFetchResponseGroup() {
    return {
        groupId: '',
        topics: [],
        errorCode: 0,
    };
}
export function createOffsetFetchResponseOffsetFetchResponseTopics() {
    return {
        name: '',
        partitions: [],
    };
}
export function createOffsetFetchResponseOffsetFetchResponsePartitions() {
    return {
        partitionIndex: 0,
        committedOffset: 0n,
        committedLeaderEpoch: -1,
        metadata: '',
        errorCode: 0,
    };
}
export function decodeOffsetFetchResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 3) {
        throttleTimeMs = r.readInt32('OffsetFetchResponse.throttleTimeMs');
    }
    let topics = [];
    if (version <= 7) {
        {
            const _n = version >= 6
                ? r.readCompactArrayLength('OffsetFetchResponse.topics', 1)
                : r.readArrayLength('OffsetFetchResponse.topics', 1);
            if (_n < 0) {
                throw r.error('OffsetFetchResponse.topics', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeOffsetFetchResponseOffsetFetchResponseTopic(r, version));
                topics = _a;
            }
        }
    }
    let errorCode = 0;
    if (version >= 2 && version <= 7) {
        errorCode = r.readInt16('OffsetFetchResponse.errorCode');
    }
    let groups = [];
    if (version >= 8) {
        {
            const _n = r.readCompactArrayLength('OffsetFetchResponse.groups', 1);
            if (_n < 0) {
                throw r.error('OffsetFetchResponse.groups', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeOffsetFetchResponseOffsetFetchResponseGroup(r, version));
                groups = _a;
            }
        }
    }
    const m = { throttleTimeMs, topics, errorCode, groups };
    if (version >= 6) {
        const _tf = r.readTaggedFields('OffsetFetchResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetFetchResponseOffsetFetchResponseTopic(r, version) {
    const name = version >= 6
        ? r.readCompactString('OffsetFetchResponseOffsetFetchResponseTopic.name')
        : r.readString('OffsetFetchResponseOffsetFetchResponseTopic.name');
    let partitions;
    {
        const _n = version >= 6
            ? r.readCompactArrayLength('OffsetFetchResponseOffsetFetchResponseTopic.partitions', 1)
            : r.readArrayLength('OffsetFetchResponseOffsetFetchResponseTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('OffsetFetchResponseOffsetFetchResponseTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetFetchResponseOffsetFetchResponsePartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 6) {
        const _tf = r.readTaggedFields('OffsetFetchResponseOffsetFetchResponseTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetFetchResponseOffsetFetchResponsePartition(r, version) {
    const partitionIndex = r.readInt32('OffsetFetchResponseOffsetFetchResponsePartition.partitionIndex');
    const committedOffset = r.readInt64('OffsetFetchResponseOffsetFetchResponsePartition.committedOffset');
    let committedLeaderEpoch = -1;
    if (version >= 5) {
        committedLeaderEpoch = r.readInt32('OffsetFetchResponseOffsetFetchResponsePartition.committedLeaderEpoch');
    }
    const metadata = version >= 6
        ? r.readCompactNullableString('OffsetFetchResponseOffsetFetchResponsePartition.metadata')
        : r.readNullableString('OffsetFetchResponseOffsetFetchResponsePartition.metadata');
    const errorCode = r.readInt16('OffsetFetchResponseOffsetFetchResponsePartition.errorCode');
    const m = {
        partitionIndex,
        committedOffset,
        committedLeaderEpoch,
        metadata,
        errorCode,
    };
    if (version >= 6) {
        const _tf = r.readTaggedFields('OffsetFetchResponseOffsetFetchResponsePartition._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeOffsetFetchResponseOffsetFetchResponseGroup(r, version) {
    const groupId = r.readCompactString('OffsetFetchResponseOffsetFetchResponseGroup.groupId');
    let topics;
    {
        const _n = r.readCompactArrayLength('OffsetFetchResponseOffsetFetchResponseGroup.topics', 1);
        if (_n < 0) {
            throw r.error('OffsetFetchResponseOffsetFetchResponseGroup.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetFetchResponseOffsetFetchResponseTopics(r, version));
            topics = _a;
        }
    }
    const errorCode = r.readInt16('OffsetFetchResponseOffsetFetchResponseGroup.errorCode');
    const m = { groupId, topics, errorCode };
    const _tf = r.readTaggedFields('OffsetFetchResponseOffsetFetchResponseGroup._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeOffsetFetchResponseOffsetFetchResponseTopics(r, version) {
    const name = r.readCompactString('OffsetFetchResponseOffsetFetchResponseTopics.name');
    let partitions;
    {
        const _n = r.readCompactArrayLength('OffsetFetchResponseOffsetFetchResponseTopics.partitions', 1);
        if (_n < 0) {
            throw r.error('OffsetFetchResponseOffsetFetchResponseTopics.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetFetchResponseOffsetFetchResponsePartitions(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    const _tf = r.readTaggedFields('OffsetFetchResponseOffsetFetchResponseTopics._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeOffsetFetchResponseOffsetFetchResponsePartitions(r, version) {
    const partitionIndex = r.readInt32('OffsetFetchResponseOffsetFetchResponsePartitions.partitionIndex');
    const committedOffset = r.readInt64('OffsetFetchResponseOffsetFetchResponsePartitions.committedOffset');
    const committedLeaderEpoch = r.readInt32('OffsetFetchResponseOffsetFetchResponsePartitions.committedLeaderEpoch');
    const metadata = r.readCompactNullableString('OffsetFetchResponseOffsetFetchResponsePartitions.metadata');
    const errorCode = r.readInt16('OffsetFetchResponseOffsetFetchResponsePartitions.errorCode');
    const m = {
        partitionIndex,
        committedOffset,
        committedLeaderEpoch,
        metadata,
        errorCode,
    };
    const _tf = r.readTaggedFields('OffsetFetchResponseOffsetFetchResponsePartitions._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeOffsetFetchResponse(w, version, m) {
    if (version >= 3) {
        w.writeInt32(m.throttleTimeMs);
    }
    if (version <= 7) {
        {
            const _a = m.topics;
            if (version >= 6) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeOffsetFetchResponseOffsetFetchResponseTopic(w, version, _e);
            }
        }
    }
    if (version >= 2 && version <= 7) {
        w.writeInt16(m.errorCode);
    }
    if (version >= 8) {
        {
            const _a = m.groups;
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                encodeOffsetFetchResponseOffsetFetchResponseGroup(w, version, _e);
            }
        }
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetFetchResponseOffsetFetchResponseTopic(w, version, m) {
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
            encodeOffsetFetchResponseOffsetFetchResponsePartition(w, version, _e);
        }
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetFetchResponseOffsetFetchResponsePartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt64(m.committedOffset);
    if (version >= 5) {
        w.writeInt32(m.committedLeaderEpoch);
    }
    if (version >= 6) {
        w.writeCompactNullableString(m.metadata);
    }
    else {
        w.writeNullableString(m.metadata);
    }
    w.writeInt16(m.errorCode);
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeOffsetFetchResponseOffsetFetchResponseGroup(w, version, m) {
    w.writeCompactString(m.groupId);
    {
        const _a = m.topics;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            encodeOffsetFetchResponseOffsetFetchResponseTopics(w, version, _e);
        }
    }
    w.writeInt16(m.errorCode);
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeOffsetFetchResponseOffsetFetchResponseTopics(w, version, m) {
    w.writeCompactString(m.name);
    {
        const _a = m.partitions;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            encodeOffsetFetchResponseOffsetFetchResponsePartitions(w, version, _e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeOffsetFetchResponseOffsetFetchResponsePartitions(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt64(m.committedOffset);
    w.writeInt32(m.committedLeaderEpoch);
    w.writeCompactNullableString(m.metadata);
    w.writeInt16(m.errorCode);
    w.writeTaggedFields(m.unknownTaggedFields);
}
