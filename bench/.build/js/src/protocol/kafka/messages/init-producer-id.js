/** Versions and header rules of InitProducerId (flexibleMinVersion 99 = never flexible). */
export const InitProducerIdApi = {
    apiKey: 22,
    name: 'InitProducerId',
    minVersion: 0,
    maxVersion: 5,
    flexibleMinVersion: 2,
    requestHeaderV2MinVersion: 2,
    responseHeaderV1MinVersion: 2,
};
export function createInitProducerIdRequest() {
    return {
        transactionalId: '',
        transactionTimeoutMs: 0,
        producerId: -1n,
        producerEpoch: -1,
    };
}
export function decodeInitProducerIdRequest(r, version) {
    const transactionalId = version >= 2
        ? r.readCompactNullableString('InitProducerIdRequest.transactionalId')
        : r.readNullableString('InitProducerIdRequest.transactionalId');
    const transactionTimeoutMs = r.readInt32('InitProducerIdRequest.transactionTimeoutMs');
    let producerId = -1n;
    if (version >= 3) {
        producerId = r.readInt64('InitProducerIdRequest.producerId');
    }
    let producerEpoch = -1;
    if (version >= 3) {
        producerEpoch = r.readInt16('InitProducerIdRequest.producerEpoch');
    }
    const m = { transactionalId, transactionTimeoutMs, producerId, producerEpoch };
    if (version >= 2) {
        const _tf = r.readTaggedFields('InitProducerIdRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeInitProducerIdRequest(w, version, m) {
    if (version >= 2) {
        w.writeCompactNullableString(m.transactionalId);
    }
    else {
        w.writeNullableString(m.transactionalId);
    }
    w.writeInt32(m.transactionTimeoutMs);
    if (version >= 3) {
        w.writeInt64(m.producerId);
    }
    if (version >= 3) {
        w.writeInt16(m.producerEpoch);
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createInitProducerIdResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        producerId: -1n,
        producerEpoch: 0,
    };
}
export function decodeInitProducerIdResponse(r, version) {
    const throttleTimeMs = r.readInt32('InitProducerIdResponse.throttleTimeMs');
    const errorCode = r.readInt16('InitProducerIdResponse.errorCode');
    const producerId = r.readInt64('InitProducerIdResponse.producerId');
    const producerEpoch = r.readInt16('InitProducerIdResponse.producerEpoch');
    const m = { throttleTimeMs, errorCode, producerId, producerEpoch };
    if (version >= 2) {
        const _tf = r.readTaggedFields('InitProducerIdResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeInitProducerIdResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    w.writeInt16(m.errorCode);
    w.writeInt64(m.producerId);
    w.writeInt16(m.producerEpoch);
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
