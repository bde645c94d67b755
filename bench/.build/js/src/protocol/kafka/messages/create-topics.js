import { Writer } from '../codec/writer.js';
/** Versions and header rules of CreateTopics (flexibleMinVersion 99 = never flexible). */
export const CreateTopicsApi = {
    apiKey: 19,
    name: 'CreateTopics',
    minVersion: 0,
    maxVersion: 7,
    flexibleMinVersion: 5,
    requestHeaderV2MinVersion: 5,
    responseHeaderV1MinVersion: 5,
};
export function createCreateTopicsRequest() {
    return {
        topics: [],
        timeoutMs: 60000,
        validateOnly: false,
    };
}
export function createCreateTopicsRequestCreatableTopic() {
    return {
        name: '',
        numPartitions: 0,
        replicationFactor: 0,
        assignments: [],
        configs: [],
    };
}
export function createCreateTopicsRequestCreatableReplicaAssignment() {
    return {
        partitionIndex: 0,
        brokerIds: [],
    };
}
export function createCreateTopicsRequestCreatableTopicConfig() {
    return {
        name: '',
        value: '',
    };
}
export function decodeCreateTopicsRequest(r, version) {
    let topics;
    {
        const _n = version >= 5
            ? r.readCompactArrayLength('CreateTopicsRequest.topics', 1)
            : r.readArrayLength('CreateTopicsRequest.topics', 1);
        if (_n < 0) {
            throw r.error('CreateTopicsRequest.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeCreateTopicsRequestCreatableTopic(r, version));
            topics = _a;
        }
    }
    const timeoutMs = r.readInt32('CreateTopicsRequest.timeoutMs');
    let validateOnly = false;
    if (version >= 1) {
        validateOnly = r.readBool('CreateTopicsRequest.validateOnly');
    }
    const m = { topics, timeoutMs, validateOnly };
    if (version >= 5) {
        const _tf = r.readTaggedFields('CreateTopicsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeCreateTopicsRequestCreatableTopic(r, version) {
    const name = version >= 5
        ? r.readCompactString('CreateTopicsRequestCreatableTopic.name')
        : r.readString('CreateTopicsRequestCreatableTopic.name');
    const numPartitions = r.readInt32('CreateTopicsRequestCreatableTopic.numPartitions');
    const replicationFactor = r.readInt16('CreateTopicsRequestCreatableTopic.replicationFactor');
    let assignments;
    {
        const _n = version >= 5
            ? r.readCompactArrayLength('CreateTopicsRequestCreatableTopic.assignments', 1)
            : r.readArrayLength('CreateTopicsRequestCreatableTopic.assignments', 1);
        if (_n < 0) {
            throw r.error('CreateTopicsRequestCreatableTopic.assignments', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeCreateTopicsRequestCreatableReplicaAssignment(r, version));
            assignments = _a;
        }
    }
    let configs;
    {
        const _n = version >= 5
            ? r.readCompactArrayLength('CreateTopicsRequestCreatableTopic.configs', 1)
            : r.readArrayLength('CreateTopicsRequestCreatableTopic.configs', 1);
        if (_n < 0) {
            throw r.error('CreateTopicsRequestCreatableTopic.configs', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeCreateTopicsRequestCreatableTopicConfig(r, version));
            configs = _a;
        }
    }
    const m = {
        name,
        numPartitions,
        replicationFactor,
        assignments,
        configs,
    };
    if (version >= 5) {
        const _tf = r.readTaggedFields('CreateTopicsRequestCreatableTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeCreateTopicsRequestCreatableReplicaAssignment(r, version) {
    const partitionIndex = r.readInt32('CreateTopicsRequestCreatableReplicaAssignment.partitionIndex');
    let brokerIds;
    {
        const _n = version >= 5
            ? r.readCompactArrayLength('CreateTopicsRequestCreatableReplicaAssignment.brokerIds', 4)
            : r.readArrayLength('CreateTopicsRequestCreatableReplicaAssignment.brokerIds', 4);
        if (_n < 0) {
            throw r.error('CreateTopicsRequestCreatableReplicaAssignment.brokerIds', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('CreateTopicsRequestCreatableReplicaAssignment.brokerIds'));
            brokerIds = _a;
        }
    }
    const m = { partitionIndex, brokerIds };
    if (version >= 5) {
        const _tf = r.readTaggedFields('CreateTopicsRequestCreatableReplicaAssignment._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeCreateTopicsRequestCreatableTopicConfig(r, version) {
    const name = version >= 5
        ? r.readCompactString('CreateTopicsRequestCreatableTopicConfig.name')
        : r.readString('CreateTopicsRequestCreatableTopicConfig.name');
    const value = version >= 5
        ? r.readCompactNullableString('CreateTopicsRequestCreatableTopicConfig.value')
        : r.readNullableString('CreateTopicsRequestCreatableTopicConfig.value');
    const m = { name, value };
    if (version >= 5) {
        const _tf = r.readTaggedFields('CreateTopicsRequestCreatableTopicConfig._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeCreateTopicsRequest(w, version, m) {
    {
        const _a = m.topics;
        if (version >= 5) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeCreateTopicsRequestCreatableTopic(w, version, _e);
        }
    }
    w.writeInt32(m.timeoutMs);
    if (version >= 1) {
        w.writeBool(m.validateOnly);
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeCreateTopicsRequestCreatableTopic(w, version, m) {
    if (version >= 5) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    w.writeInt32(m.numPartitions);
    w.writeInt16(m.replicationFactor);
    {
        const _a = m.assignments;
        if (version >= 5) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeCreateTopicsRequestCreatableReplicaAssignment(w, version, _e);
        }
    }
    {
        const _a = m.configs;
        if (version >= 5) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeCreateTopicsRequestCreatableTopicConfig(w, version, _e);
        }
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeCreateTopicsRequestCreatableReplicaAssignment(w, version, m) {
    w.writeInt32(m.partitionIndex);
    {
        const _a = m.brokerIds;
        if (version >= 5) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            w.writeInt32(_e);
        }
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeCreateTopicsRequestCreatableTopicConfig(w, version, m) {
    if (version >= 5) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    if (version >= 5) {
        w.writeCompactNullableString(m.value);
    }
    else {
        w.writeNullableString(m.value);
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createCreateTopicsResponse() {
    return {
        throttleTimeMs: 0,
        topics: [],
    };
}
export function createCreateTopicsResponseCreatableTopicResult() {
    return {
        name: '',
        topicId: Buffer.alloc(16),
        errorCode: 0,
        errorMessage: '',
        topicConfigErrorCode: 0,
        numPartitions: -1,
        replicationFactor: -1,
        configs: [],
    };
}
export function createCreateTopicsResponseCreatableTopicConfigs() {
    return {
        name: '',
        value: '',
        readOnly: false,
        configSource: -1,
        isSensitive: false,
    };
}
export function decodeCreateTopicsResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 2) {
        throttleTimeMs = r.readInt32('CreateTopicsResponse.throttleTimeMs');
    }
    let topics;
    {
        const _n = version >= 5
            ? r.readCompactArrayLength('CreateTopicsResponse.topics', 1)
            : r.readArrayLength('CreateTopicsResponse.topics', 1);
        if (_n < 0) {
            throw r.error('CreateTopicsResponse.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeCreateTopicsResponseCreatableTopicResult(r, version));
            topics = _a;
        }
    }
    const m = { throttleTimeMs, topics };
    if (version >= 5) {
        const _tf = r.readTaggedFields('CreateTopicsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeCreateTopicsResponseCreatableTopicResult(r, version) {
    const name = version >= 5
        ? r.readCompactString('CreateTopicsResponseCreatableTopicResult.name')
        : r.readString('CreateTopicsResponseCreatableTopicResult.name');
    let topicId = Buffer.alloc(16);
    if (version >= 7) {
        topicId = r.readUuid('CreateTopicsResponseCreatableTopicResult.topicId');
    }
    const errorCode = r.readInt16('CreateTopicsResponseCreatableTopicResult.errorCode');
    let errorMessage = '';
    if (version >= 1) {
        errorMessage =
            version >= 5
                ? r.readCompactNullableString('CreateTopicsResponseCreatableTopicResult.errorMessage')
                : r.readNullableString('CreateTopicsResponseCreatableTopicResult.errorMessage');
    }
    let numPartitions = -1;
    if (version >= 5) {
        numPartitions = r.readInt32('CreateTopicsResponseCreatableTopicResult.numPartitions');
    }
    let replicationFactor = -1;
    if (version >= 5) {
        replicationFactor = r.readInt16('CreateTopicsResponseCreatableTopicResult.replicationFactor');
    }
    let configs = [];
    if (version >= 5) {
        {
            const _n = r.readCompactArrayLength('CreateTopicsResponseCreatableTopicResult.configs', 1);
            if (_n < 0) {
                configs = null;
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeCreateTopicsResponseCreatableTopicConfigs(r, version));
                configs = _a;
            }
        }
    }
    const m = {
        name,
        topicId,
        errorCode,
        errorMessage,
        topicConfigErrorCode: 0,
        numPartitions,
        replicationFactor,
        configs,
    };
    if (version >= 5) {
        const _count = r.readTaggedFieldCount('CreateTopicsResponseCreatableTopicResult._tagged');
        for (let _t = 0; _t < _count; _t++) {
            const _tag = r.readUnsignedVarint('CreateTopicsResponseCreatableTopicResult._tagged');
            const _size = r.readTaggedFieldSize('CreateTopicsResponseCreatableTopicResult._tagged');
            const _end = r.offset + _size;
            switch (_tag) {
                case 0: {
                    if (version >= 5) {
                        m.topicConfigErrorCode = r.readInt16('CreateTopicsResponseCreatableTopicResult.topicConfigErrorCode');
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'CreateTopicsResponseCreatableTopicResult._tagged'),
                        });
                    }
                    break;
                }
                default:
                    (m.unknownTaggedFields ??= []).push({
                        tag: _tag,
                        data: r.readRaw(_size, 'CreateTopicsResponseCreatableTopicResult._tagged'),
                    });
            }
            if (r.offset !== _end)
                throw r.error('CreateTopicsResponseCreatableTopicResult._tagged', 'tagged field ' + _tag + ' does not match its size ' + _size);
        }
    }
    return m;
}
function decodeCreateTopicsResponseCreatableTopicConfigs(r, version) {
    const name = r.readCompactString('CreateTopicsResponseCreatableTopicConfigs.name');
    const value = r.readCompactNullableString('CreateTopicsResponseCreatableTopicConfigs.value');
    const readOnly = r.readBool('CreateTopicsResponseCreatableTopicConfigs.readOnly');
    const configSource = r.readInt8('CreateTopicsResponseCreatableTopicConfigs.configSource');
    const isSensitive = r.readBool('CreateTopicsResponseCreatableTopicConfigs.isSensitive');
    const m = { name, value, readOnly, configSource, isSensitive };
    const _tf = r.readTaggedFields('CreateTopicsResponseCreatableTopicConfigs._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeCreateTopicsResponse(w, version, m) {
    if (version >= 2) {
        w.writeInt32(m.throttleTimeMs);
    }
    {
        const _a = m.topics;
        if (version >= 5) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeCreateTopicsResponseCreatableTopicResult(w, version, _e);
        }
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeCreateTopicsResponseCreatableTopicResult(w, version, m) {
    if (version >= 5) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    if (version >= 7) {
        w.writeUuid(m.topicId);
    }
    w.writeInt16(m.errorCode);
    if (version >= 1) {
        if (version >= 5) {
            w.writeCompactNullableString(m.errorMessage);
        }
        else {
            w.writeNullableString(m.errorMessage);
        }
    }
    if (version >= 5) {
        w.writeInt32(m.numPartitions);
    }
    if (version >= 5) {
        w.writeInt16(m.replicationFactor);
    }
    if (version >= 5) {
        {
            const _a = m.configs;
            if (_a === null) {
                w.writeCompactArrayLength(-1);
            }
            else {
                w.writeCompactArrayLength(_a.length);
                for (const _e of _a) {
                    encodeCreateTopicsResponseCreatableTopicConfigs(w, version, _e);
                }
            }
        }
    }
    if (version >= 5) {
        const _has0 = version >= 5 && m.topicConfigErrorCode !== 0;
        if (!_has0 && m.unknownTaggedFields === undefined) {
            w.writeUnsignedVarint(0);
        }
        else {
            const _tf = m.unknownTaggedFields === undefined ? [] : m.unknownTaggedFields.slice();
            if (_has0) {
                const _w = new Writer(64);
                _w.writeInt16(m.topicConfigErrorCode);
                _tf.push({ tag: 0, data: _w.toBuffer() });
            }
            w.writeTaggedFields(_tf);
        }
    }
}
function encodeCreateTopicsResponseCreatableTopicConfigs(w, version, m) {
    w.writeCompactString(m.name);
    w.writeCompactNullableString(m.value);
    w.writeBool(m.readOnly);
    w.writeInt8(m.configSource);
    w.writeBool(m.isSensitive);
    w.writeTaggedFields(m.unknownTaggedFields);
}
