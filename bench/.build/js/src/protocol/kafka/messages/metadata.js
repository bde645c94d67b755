import { nullNotAllowed } from '../codec/writer.js';
/** Versions and header rules of Metadata (flexibleMinVersion 99 = never flexible). */
export const MetadataApi = {
    apiKey: 3,
    name: 'Metadata',
    minVersion: 0,
    maxVersion: 12,
    flexibleMinVersion: 9,
    requestHeaderV2MinVersion: 9,
    responseHeaderV1MinVersion: 9,
};
export function createMetadataRequest() {
    return {
        topics: [],
        allowAutoTopicCreation: true,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
    };
}
export function createMetadataRequestMetadataRequestTopic() {
    return {
        topicId: Buffer.alloc(16),
        name: '',
    };
}
export function decodeMetadataRequest(r, version) {
    let topics;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('MetadataRequest.topics', 1)
            : r.readArrayLength('MetadataRequest.topics', 1);
        if (_n < 0) {
            if (version >= 1) {
                topics = null;
            }
            else {
                throw r.error('MetadataRequest.topics', 'null array in version ' + version);
            }
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeMetadataRequestMetadataRequestTopic(r, version));
            topics = _a;
        }
    }
    let allowAutoTopicCreation = true;
    if (version >= 4) {
        allowAutoTopicCreation = r.readBool('MetadataRequest.allowAutoTopicCreation');
    }
    let includeClusterAuthorizedOperations = false;
    if (version >= 8 && version <= 10) {
        includeClusterAuthorizedOperations = r.readBool('MetadataRequest.includeClusterAuthorizedOperations');
    }
    let includeTopicAuthorizedOperations = false;
    if (version >= 8) {
        includeTopicAuthorizedOperations = r.readBool('MetadataRequest.includeTopicAuthorizedOperations');
    }
    const m = {
        topics,
        allowAutoTopicCreation,
        includeClusterAuthorizedOperations,
        includeTopicAuthorizedOperations,
    };
    if (version >= 9) {
        const _tf = r.readTaggedFields('MetadataRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeMetadataRequestMetadataRequestTopic(r, version) {
    let topicId = Buffer.alloc(16);
    if (version >= 10) {
        topicId = r.readUuid('MetadataRequestMetadataRequestTopic.topicId');
    }
    const name = version >= 9
        ? version >= 10
            ? r.readCompactNullableString('MetadataRequestMetadataRequestTopic.name')
            : r.readCompactString('MetadataRequestMetadataRequestTopic.name')
        : version >= 10
            ? r.readNullableString('MetadataRequestMetadataRequestTopic.name')
            : r.readString('MetadataRequestMetadataRequestTopic.name');
    const m = { topicId, name };
    if (version >= 9) {
        const _tf = r.readTaggedFields('MetadataRequestMetadataRequestTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeMetadataRequest(w, version, m) {
    {
        const _a = m.topics;
        if (_a === null) {
            if (version >= 1) {
                if (version >= 9) {
                    w.writeCompactArrayLength(-1);
                }
                else {
                    w.writeArrayLength(-1);
                }
            }
            else {
                throw nullNotAllowed('MetadataRequest.topics', version);
            }
        }
        else {
            if (version >= 9) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeMetadataRequestMetadataRequestTopic(w, version, _e);
            }
        }
    }
    if (version >= 4) {
        w.writeBool(m.allowAutoTopicCreation);
    }
    if (version >= 8 && version <= 10) {
        w.writeBool(m.includeClusterAuthorizedOperations);
    }
    if (version >= 8) {
        w.writeBool(m.includeTopicAuthorizedOperations);
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeMetadataRequestMetadataRequestTopic(w, version, m) {
    if (version >= 10) {
        w.writeUuid(m.topicId);
    }
    if (version >= 10) {
        if (version >= 9) {
            w.writeCompactNullableString(m.name);
        }
        else {
            w.writeNullableString(m.name);
        }
    }
    else {
        if (m.name === null)
            throw nullNotAllowed('MetadataRequestMetadataRequestTopic.name', version);
        if (version >= 9) {
            w.writeCompactString(m.name);
        }
        else {
            w.writeString(m.name);
        }
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createMetadataResponse() {
    return {
        throttleTimeMs: 0,
        brokers: [],
        clusterId: null,
        controllerId: -1,
        topics: [],
        clusterAuthorizedOperations: -2147483648,
    };
}
export function createMetadataResponseMetadataResponseBroker() {
    return {
        nodeId: 0,
        host: '',
        port: 0,
        rack: null,
    };
}
export function createMetadataResponseMetadataResponseTopic() {
    return {
        errorCode: 0,
        name: '',
        topicId: Buffer.alloc(16),
        isInternal: false,
        partitions: [],
        topicAuthorizedOperations: -2147483648,
    };
}
export function createMetadataResponseMetadataResponsePartition() {
    return {
        errorCode: 0,
        partitionIndex: 0,
        leaderId: 0,
        leaderEpoch: -1,
        replicaNodes: [],
        isrNodes: [],
        offlineReplicas: [],
    };
}
export function decodeMetadataResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 3) {
        throttleTimeMs = r.readInt32('MetadataResponse.throttleTimeMs');
    }
    let brokers;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('MetadataResponse.brokers', 1)
            : r.readArrayLength('MetadataResponse.brokers', 1);
        if (_n < 0) {
            throw r.error('MetadataResponse.brokers', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeMetadataResponseMetadataResponseBroker(r, version));
            brokers = _a;
        }
    }
    let clusterId = null;
    if (version >= 2) {
        clusterId =
            version >= 9
                ? r.readCompactNullableString('MetadataResponse.clusterId')
                : r.readNullableString('MetadataResponse.clusterId');
    }
    let controllerId = -1;
    if (version >= 1) {
        controllerId = r.readInt32('MetadataResponse.controllerId');
    }
    let topics;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('MetadataResponse.topics', 1)
            : r.readArrayLength('MetadataResponse.topics', 1);
        if (_n < 0) {
            throw r.error('MetadataResponse.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeMetadataResponseMetadataResponseTopic(r, version));
            topics = _a;
        }
    }
    let clusterAuthorizedOperations = -2147483648;
    if (version >= 8 && version <= 10) {
        clusterAuthorizedOperations = r.readInt32('MetadataResponse.clusterAuthorizedOperations');
    }
    const m = {
        throttleTimeMs,
        brokers,
        clusterId,
        controllerId,
        topics,
        clusterAuthorizedOperations,
    };
    if (version >= 9) {
        const _tf = r.readTaggedFields('MetadataResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeMetadataResponseMetadataResponseBroker(r, version) {
    const nodeId = r.readInt32('MetadataResponseMetadataResponseBroker.nodeId');
    const host = version >= 9
        ? r.readCompactString('MetadataResponseMetadataResponseBroker.host')
        : r.readString('MetadataResponseMetadataResponseBroker.host');
    const port = r.readInt32('MetadataResponseMetadataResponseBroker.port');
    let rack = null;
    if (version >= 1) {
        rack =
            version >= 9
                ? r.readCompactNullableString('MetadataResponseMetadataResponseBroker.rack')
                : r.readNullableString('MetadataResponseMetadataResponseBroker.rack');
    }
    const m = { nodeId, host, port, rack };
    if (version >= 9) {
        const _tf = r.readTaggedFields('MetadataResponseMetadataResponseBroker._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeMetadataResponseMetadataResponseTopic(r, version) {
    const errorCode = r.readInt16('MetadataResponseMetadataResponseTopic.errorCode');
    const name = version >= 9
        ? version >= 12
            ? r.readCompactNullableString('MetadataResponseMetadataResponseTopic.name')
            : r.readCompactString('MetadataResponseMetadataResponseTopic.name')
        : version >= 12
            ? r.readNullableString('MetadataResponseMetadataResponseTopic.name')
            : r.readString('MetadataResponseMetadataResponseTopic.name');
    let topicId = Buffer.alloc(16);
    if (version >= 10) {
        topicId = r.readUuid('MetadataResponseMetadataResponseTopic.topicId');
    }
    let isInternal = false;
    if (version >= 1) {
        isInternal = r.readBool('MetadataResponseMetadataResponseTopic.isInternal');
    }
    let partitions;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('MetadataResponseMetadataResponseTopic.partitions', 1)
            : r.readArrayLength('MetadataResponseMetadataResponseTopic.partitions', 1);
        if (_n < 0) {
            throw r.error('MetadataResponseMetadataResponseTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeMetadataResponseMetadataResponsePartition(r, version));
            partitions = _a;
        }
    }
    let topicAuthorizedOperations = -2147483648;
    if (version >= 8) {
        topicAuthorizedOperations = r.readInt32('MetadataResponseMetadataResponseTopic.topicAuthorizedOperations');
    }
    const m = {
        errorCode,
        name,
        topicId,
        isInternal,
        partitions,
        topicAuthorizedOperations,
    };
    if (version >= 9) {
        const _tf = r.readTaggedFields('MetadataResponseMetadataResponseTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeMetadataResponseMetadataResponsePartition(r, version) {
    const errorCode = r.readInt16('MetadataResponseMetadataResponsePartition.errorCode');
    const partitionIndex = r.readInt32('MetadataResponseMetadataResponsePartition.partitionIndex');
    const leaderId = r.readInt32('MetadataResponseMetadataResponsePartition.leaderId');
    let leaderEpoch = -1;
    if (version >= 7) {
        leaderEpoch = r.readInt32('MetadataResponseMetadataResponsePartition.leaderEpoch');
    }
    let replicaNodes;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('MetadataResponseMetadataResponsePartition.replicaNodes', 4)
            : r.readArrayLength('MetadataResponseMetadataResponsePartition.replicaNodes', 4);
        if (_n < 0) {
            throw r.error('MetadataResponseMetadataResponsePartition.replicaNodes', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('MetadataResponseMetadataResponsePartition.replicaNodes'));
            replicaNodes = _a;
        }
    }
    let isrNodes;
    {
        const _n = version >= 9
            ? r.readCompactArrayLength('MetadataResponseMetadataResponsePartition.isrNodes', 4)
            : r.readArrayLength('MetadataResponseMetadataResponsePartition.isrNodes', 4);
        if (_n < 0) {
            throw r.error('MetadataResponseMetadataResponsePartition.isrNodes', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('MetadataResponseMetadataResponsePartition.isrNodes'));
            isrNodes = _a;
        }
    }
    let offlineReplicas = [];
    if (version >= 5) {
        {
            const _n = version >= 9
                ? r.readCompactArrayLength('MetadataResponseMetadataResponsePartition.offlineReplicas', 4)
                : r.readArrayLength('MetadataResponseMetadataResponsePartition.offlineReplicas', 4);
            if (_n < 0) {
                throw r.error('MetadataResponseMetadataResponsePartition.offlineReplicas', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(r.readInt32('MetadataResponseMetadataResponsePartition.offlineReplicas'));
                offlineReplicas = _a;
            }
        }
    }
    const m = {
        errorCode,
        partitionIndex,
        leaderId,
        leaderEpoch,
        replicaNodes,
        isrNodes,
        offlineReplicas,
    };
    if (version >= 9) {
        const _tf = r.readTaggedFields('MetadataResponseMetadataResponsePartition._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeMetadataResponse(w, version, m) {
    if (version >= 3) {
        w.writeInt32(m.throttleTimeMs);
    }
    {
        const _a = m.brokers;
        if (version >= 9) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeMetadataResponseMetadataResponseBroker(w, version, _e);
        }
    }
    if (version >= 2) {
        if (version >= 9) {
            w.writeCompactNullableString(m.clusterId);
        }
        else {
            w.writeNullableString(m.clusterId);
        }
    }
    if (version >= 1) {
        w.writeInt32(m.controllerId);
    }
    {
        const _a = m.topics;
        if (version >= 9) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeMetadataResponseMetadataResponseTopic(w, version, _e);
        }
    }
    if (version >= 8 && version <= 10) {
        w.writeInt32(m.clusterAuthorizedOperations);
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeMetadataResponseMetadataResponseBroker(w, version, m) {
    w.writeInt32(m.nodeId);
    if (version >= 9) {
        w.writeCompactString(m.host);
    }
    else {
        w.writeString(m.host);
    }
    w.writeInt32(m.port);
    if (version >= 1) {
        if (version >= 9) {
            w.writeCompactNullableString(m.rack);
        }
        else {
            w.writeNullableString(m.rack);
        }
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeMetadataResponseMetadataResponseTopic(w, version, m) {
    w.writeInt16(m.errorCode);
    if (version >= 12) {
        if (version >= 9) {
            w.writeCompactNullableString(m.name);
        }
        else {
            w.writeNullableString(m.name);
        }
    }
    else {
        if (m.name === null)
            throw nullNotAllowed('MetadataResponseMetadataResponseTopic.name', version);
        if (version >= 9) {
            w.writeCompactString(m.name);
        }
        else {
            w.writeString(m.name);
        }
    }
    if (version >= 10) {
        w.writeUuid(m.topicId);
    }
    if (version >= 1) {
        w.writeBool(m.isInternal);
    }
    {
        const _a = m.partitions;
        if (version >= 9) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeMetadataResponseMetadataResponsePartition(w, version, _e);
        }
    }
    if (version >= 8) {
        w.writeInt32(m.topicAuthorizedOperations);
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeMetadataResponseMetadataResponsePartition(w, version, m) {
    w.writeInt16(m.errorCode);
    w.writeInt32(m.partitionIndex);
    w.writeInt32(m.leaderId);
    if (version >= 7) {
        w.writeInt32(m.leaderEpoch);
    }
    {
        const _a = m.replicaNodes;
        if (version >= 9) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            w.writeInt32(_e);
        }
    }
    {
        const _a = m.isrNodes;
        if (version >= 9) {
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
        {
            const _a = m.offlineReplicas;
            if (version >= 9) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                w.writeInt32(_e);
            }
        }
    }
    if (version >= 9) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
