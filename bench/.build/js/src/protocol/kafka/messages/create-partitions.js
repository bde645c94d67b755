/** Versions and header rules of CreatePartitions (flexibleMinVersion 99 = never flexible). */
export const CreatePartitionsApi = {
    apiKey: 37,
    name: 'CreatePartitions',
    minVersion: 0,
    maxVersion: 3,
    flexibleMinVersion: 2,
    requestHeaderV2MinVersion: 2,
    responseHeaderV1MinVersion: 2,
};
export function createCreatePartitionsRequest() {
    return {
        topics: [],
        timeoutMs: 0,
        validateOnly: false,
    };
}
export function createCreatePartitionsRequestCreatePartitionsTopic() {
    return {
        name: '',
        count: 0,
        assignments: [],
    };
}
export function createCreatePartitionsRequestCreatePartitionsAssignment() {
    return {
        brokerIds: [],
    };
}
export function decodeCreatePartitionsRequest(r, version) {
    let topics;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('CreatePartitionsRequest.topics', 1)
            : r.readArrayLength('CreatePartitionsRequest.topics', 1);
        if (_n < 0) {
            throw r.error('CreatePartitionsRequest.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeCreatePartitionsRequestCreatePartitionsTopic(r, version));
            topics = _a;
        }
    }
    const timeoutMs = r.readInt32('CreatePartitionsRequest.timeoutMs');
    const validateOnly = r.readBool('CreatePartitionsRequest.validateOnly');
    const m = { topics, timeoutMs, validateOnly };
    if (version >= 2) {
        const _tf = r.readTaggedFields('CreatePartitionsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeCreatePartitionsRequestCreatePartitionsTopic(r, version) {
    const name = version >= 2
        ? r.readCompactString('CreatePartitionsRequestCreatePartitionsTopic.name')
        : r.readString('CreatePartitionsRequestCreatePartitionsTopic.name');
    const count = r.readInt32('CreatePartitionsRequestCreatePartitionsTopic.count');
    let assignments;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('CreatePartitionsRequestCreatePartitionsTopic.assignments', 1)
            : r.readArrayLength('CreatePartitionsRequestCreatePartitionsTopic.assignments', 1);
        if (_n < 0) {
            assignments = null;
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeCreatePartitionsRequestCreatePartitionsAssignment(r, version));
            assignments = _a;
        }
    }
    const m = { name, count, assignments };
    if (version >= 2) {
        const _tf = r.readTaggedFields('CreatePartitionsRequestCreatePartitionsTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeCreatePartitionsRequestCreatePartitionsAssignment(r, version) {
    let brokerIds;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('CreatePartitionsRequestCreatePartitionsAssignment.brokerIds', 4)
            : r.readArrayLength('CreatePartitionsRequestCreatePartitionsAssignment.brokerIds', 4);
        if (_n < 0) {
            throw r.error('CreatePartitionsRequestCreatePartitionsAssignment.brokerIds', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('CreatePartitionsRequestCreatePartitionsAssignment.brokerIds'));
            brokerIds = _a;
        }
    }
    const m = { brokerIds };
    if (version >= 2) {
        const _tf = r.readTaggedFields('CreatePartitionsRequestCreatePartitionsAssignment._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeCreatePartitionsRequest(w, version, m) {
    {
        const _a = m.topics;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeCreatePartitionsRequestCreatePartitionsTopic(w, version, _e);
        }
    }
    w.writeInt32(m.timeoutMs);
    w.writeBool(m.validateOnly);
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeCreatePartitionsRequestCreatePartitionsTopic(w, version, m) {
    if (version >= 2) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    w.writeInt32(m.count);
    {
        const _a = m.assignments;
        if (_a === null) {
            if (version >= 2) {
                w.writeCompactArrayLength(-1);
            }
            else {
                w.writeArrayLength(-1);
            }
        }
        else {
            if (version >= 2) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeCreatePartitionsRequestCreatePartitionsAssignment(w, version, _e);
            }
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeCreatePartitionsRequestCreatePartitionsAssignment(w, version, m) {
    {
        const _a = m.brokerIds;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            w.writeInt32(_e);
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createCreatePartitionsResponse() {
    return {
        throttleTimeMs: 0,
        results: [],
    };
}
export function createCreatePartitionsResponseCreatePartitionsTopicResult() {
    return {
        name: '',
        errorCode: 0,
        errorMessage: null,
    };
}
export function decodeCreatePartitionsResponse(r, version) {
    const throttleTimeMs = r.readInt32('CreatePartitionsResponse.throttleTimeMs');
    let results;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('CreatePartitionsResponse.results', 1)
            : r.readArrayLength('CreatePartitionsResponse.results', 1);
        if (_n < 0) {
            throw r.error('CreatePartitionsResponse.results', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeCreatePartitionsResponseCreatePartitionsTopicResult(r, version));
            results = _a;
        }
    }
    const m = { throttleTimeMs, results };
    if (version >= 2) {
        const _tf = r.readTaggedFields('CreatePartitionsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeCreatePartitionsResponseCreatePartitionsTopicResult(r, version) {
    const name = version >= 2
        ? r.readCompactString('CreatePartitionsResponseCreatePartitionsTopicResult.name')
        : r.readString('CreatePartitionsResponseCreatePartitionsTopicResult.name');
    const errorCode = r.readInt16('CreatePartitionsResponseCreatePartitionsTopicResult.errorCode');
    const errorMessage = version >= 2
        ? r.readCompactNullableString('CreatePartitionsResponseCreatePartitionsTopicResult.errorMessage')
        : r.readNullableString('CreatePartitionsResponseCreatePartitionsTopicResult.errorMessage');
    const m = { name, errorCode, errorMessage };
    if (version >= 2) {
        const _tf = r.readTaggedFields('CreatePartitionsResponseCreatePartitionsTopicResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeCreatePartitionsResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.results;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeCreatePartitionsResponseCreatePartitionsTopicResult(w, version, _e);
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeCreatePartitionsResponseCreatePartitionsTopicResult(w, version, m) {
    if (version >= 2) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    w.writeInt16(m.errorCode);
    if (version >= 2) {
        w.writeCompactNullableString(m.errorMessage);
    }
    else {
        w.writeNullableString(m.errorMessage);
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
