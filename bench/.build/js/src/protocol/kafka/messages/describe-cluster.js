/** Versions and header rules of DescribeCluster (flexibleMinVersion 99 = never flexible). */
export const DescribeClusterApi = {
    apiKey: 60,
    name: 'DescribeCluster',
    minVersion: 0,
    maxVersion: 1,
    flexibleMinVersion: 0,
    requestHeaderV2MinVersion: 0,
    responseHeaderV1MinVersion: 0,
};
export function createDescribeClusterRequest() {
    return {
        includeClusterAuthorizedOperations: false,
        endpointType: 1,
    };
}
export function decodeDescribeClusterRequest(r, version) {
    const includeClusterAuthorizedOperations = r.readBool('DescribeClusterRequest.includeClusterAuthorizedOperations');
    let endpointType = 1;
    if (version >= 1) {
        endpointType = r.readInt8('DescribeClusterRequest.endpointType');
    }
    const m = { includeClusterAuthorizedOperations, endpointType };
    const _tf = r.readTaggedFields('DescribeClusterRequest._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeDescribeClusterRequest(w, version, m) {
    w.writeBool(m.includeClusterAuthorizedOperations);
    if (version >= 1) {
        w.writeInt8(m.endpointType);
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
export function createDescribeClusterResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        errorMessage: null,
        endpointType: 1,
        clusterId: '',
        controllerId: -1,
        brokers: [],
        clusterAuthorizedOperations: -2147483648,
    };
}
export function createDescribeClusterResponseDescribeClusterBroker() {
    return {
        brokerId: 0,
        host: '',
        port: 0,
        rack: null,
    };
}
export function decodeDescribeClusterResponse(r, version) {
    const throttleTimeMs = r.readInt32('DescribeClusterResponse.throttleTimeMs');
    const errorCode = r.readInt16('DescribeClusterResponse.errorCode');
    const errorMessage = r.readCompactNullableString('DescribeClusterResponse.errorMessage');
    let endpointType = 1;
    if (version >= 1) {
        endpointType = r.readInt8('DescribeClusterResponse.endpointType');
    }
    const clusterId = r.readCompactString('DescribeClusterResponse.clusterId');
    const controllerId = r.readInt32('DescribeClusterResponse.controllerId');
    let brokers;
    {
        const _n = r.readCompactArrayLength('DescribeClusterResponse.brokers', 1);
        if (_n < 0) {
            throw r.error('DescribeClusterResponse.brokers', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDescribeClusterResponseDescribeClusterBroker(r, version));
            brokers = _a;
        }
    }
    const clusterAuthorizedOperations = r.readInt32('DescribeClusterResponse.clusterAuthorizedOperations');
    const m = {
        throttleTimeMs,
        errorCode,
        errorMessage,
        endpointType,
        clusterId,
        controllerId,
        brokers,
        clusterAuthorizedOperations,
    };
    const _tf = r.readTaggedFields('DescribeClusterResponse._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeDescribeClusterResponseDescribeClusterBroker(r, version) {
    const brokerId = r.readInt32('DescribeClusterResponseDescribeClusterBroker.brokerId');
    const host = r.readCompactString('DescribeClusterResponseDescribeClusterBroker.host');
    const port = r.readInt32('DescribeClusterResponseDescribeClusterBroker.port');
    const rack = r.readCompactNullableString('DescribeClusterResponseDescribeClusterBroker.rack');
    const m = { brokerId, host, port, rack };
    const _tf = r.readTaggedFields('DescribeClusterResponseDescribeClusterBroker._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeDescribeClusterResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    w.writeInt16(m.errorCode);
    w.writeCompactNullableString(m.errorMessage);
    if (version >= 1) {
        w.writeInt8(m.endpointType);
    }
    w.writeCompactString(m.clusterId);
    w.writeInt32(m.controllerId);
    {
        const _a = m.brokers;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            encodeDescribeClusterResponseDescribeClusterBroker(w, version, _e);
        }
    }
    w.writeInt32(m.clusterAuthorizedOperations);
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeDescribeClusterResponseDescribeClusterBroker(w, version, m) {
    w.writeInt32(m.brokerId);
    w.writeCompactString(m.host);
    w.writeInt32(m.port);
    w.writeCompactNullableString(m.rack);
    w.writeTaggedFields(m.unknownTaggedFields);
}
