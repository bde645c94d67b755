/** Versions and header rules of OffsetDelete (flexibleMinVersion 99 = never flexible). */
export const OffsetDeleteApi = {
    apiKey: 47,
    name: 'OffsetDelete',
    minVersion: 0,
    maxVersion: 0,
    flexibleMinVersion: 99,
    requestHeaderV2MinVersion: 99,
    responseHeaderV1MinVersion: 99,
};
export function createOffsetDeleteRequest() {
    return {
        groupId: '',
        topics: [],
    };
}
export function createOffsetDeleteRequestOffsetDeleteRequestTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createOffsetDeleteRequestOffsetDeleteRequestPartition() {
    return {
        partitionIndex: 0,
    };
}
export function decodeOffsetDeleteRequest(r, version) {
    const groupId = r.readString('OffsetDeleteRequest.groupId');
    let topics;
    {
        const _n = r.readArrayLength('OffsetDeleteRequest.topics', 1);
        if (_n < 0) {
            throw r.error('OffsetDeleteRequest.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetDeleteRequestOffsetDeleteRequestTopic(r, version));
            topics = _a;
        }
    }
    const m = { groupId, topics };
    return m;
}
function decodeOffsetDeleteRequestOffsetDeleteRequestTopic(r, version) {
    const name = r.readString('OffsetDeleteRequestOffsetDeleteRequestTopic.name');
    let partitions;
    {
        const _n = r.readArrayLength('OffsetDeleteRequestOffsetDeleteRequestTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('OffsetDeleteRequestOffsetDeleteRequestTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetDeleteRequestOffsetDeleteRequestPartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    return m;
}
function decodeOffsetDeleteRequestOffsetDeleteRequestPartition(r, version) {
    const partitionIndex = r.readInt32('OffsetDeleteRequestOffsetDeleteRequestPartition.partitionIndex');
    const m = { partitionIndex };
    return m;
}
export function encodeOffsetDeleteRequest(w, version, m) {
    w.writeString(m.groupId);
    {
        const _a = m.topics;
        w.writeArrayLength(_a.length);
        for (const _e of _a) {
            encodeOffsetDeleteRequestOffsetDeleteRequestTopic(w, version, _e);
        }
    }
}
function encodeOffsetDeleteRequestOffsetDeleteRequestTopic(w, version, m) {
    w.writeString(m.name);
    {
        const _a = m.partitions;
        w.writeArrayLength(_a.length);
        for (const _e of _a) {
            encodeOffsetDeleteRequestOffsetDeleteRequestPartition(w, version, _e);
        }
    }
}
function encodeOffsetDeleteRequestOffsetDeleteRequestPartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
}
export function createOffsetDeleteResponse() {
    return {
        errorCode: 0,
        throttleTimeMs: 0,
        topics: [],
    };
}
export function createOffsetDeleteResponseOffsetDeleteResponseTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function createOffsetDeleteResponseOffsetDeleteResponsePartition() {
    return {
        partitionIndex: 0,
        errorCode: 0,
    };
}
export function decodeOffsetDeleteResponse(r, version) {
    const errorCode = r.readInt16('OffsetDeleteResponse.errorCode');
    const throttleTimeMs = r.readInt32('OffsetDeleteResponse.throttleTimeMs');
    let topics;
    {
        const _n = r.readArrayLength('OffsetDeleteResponse.topics', 1);
        if (_n < 0) {
            throw r.error('OffsetDeleteResponse.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetDeleteResponseOffsetDeleteResponseTopic(r, version));
            topics = _a;
        }
    }
    const m = { errorCode, throttleTimeMs, topics };
    return m;
}
function decodeOffsetDeleteResponseOffsetDeleteResponseTopic(r, version) {
    const name = r.readString('OffsetDeleteResponseOffsetDeleteResponseTopic.name');
    let partitions;
    {
        const _n = r.readArrayLength('OffsetDeleteResponseOffsetDeleteResponseTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('OffsetDeleteResponseOffsetDeleteResponseTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeOffsetDeleteResponseOffsetDeleteResponsePartition(r, version));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    return m;
}
function decodeOffsetDeleteResponseOffsetDeleteResponsePartition(r, version) {
    const partitionIndex = r.readInt32('OffsetDeleteResponseOffsetDeleteResponsePartition.partitionIndex');
    const errorCode = r.readInt16('OffsetDeleteResponseOffsetDeleteResponsePartition.errorCode');
    const m = { partitionIndex, errorCode };
    return m;
}
export function encodeOffsetDeleteResponse(w, version, m) {
    w.writeInt16(m.errorCode);
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.topics;
        w.writeArrayLength(_a.length);
        for (const _e of _a) {
            encodeOffsetDeleteResponseOffsetDeleteResponseTopic(w, version, _e);
        }
    }
}
function encodeOffsetDeleteResponseOffsetDeleteResponseTopic(w, version, m) {
    w.writeString(m.name);
    {
        const _a = m.partitions;
        w.writeArrayLength(_a.length);
        for (const _e of _a) {
            encodeOffsetDeleteResponseOffsetDeleteResponsePartition(w, version, _e);
        }
    }
}
function encodeOffsetDeleteResponseOffsetDeleteResponsePartition(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt16(m.errorCode);
}
