/** Versions and header rules of AddOffsetsToTxn (flexibleMinVersion 99 = never flexible). */
export const AddOffsetsToTxnApi = {
    apiKey: 25,
    name: 'AddOffsetsToTxn',
    minVersion: 0,
    maxVersion: 4,
    flexibleMinVersion: 3,
    requestHeaderV2MinVersion: 3,
    responseHeaderV1MinVersion: 3,
};
export function createAddOffsetsToTxnRequest() {
    return {
        transactionalId: '',
        producerId: 0n,
        producerEpoch: 0,
        groupId: '',
    };
}
export function decodeAddOffsetsToTxnRequest(r, version) {
    const transactionalId = version >= 3
        ? r.readCompactString('AddOffsetsToTxnRequest.transactionalId')
        : r.readString('AddOffsetsToTxnRequest.transactionalId');
    const producerId = r.readInt64('AddOffsetsToTxnRequest.producerId');
    const producerEpoch = r.readInt16('AddOffsetsToTxnRequest.producerEpoch');
    const groupId = version >= 3
        ? r.readCompactString('AddOffsetsToTxnRequest.groupId')
        : r.readString('AddOffsetsToTxnRequest.groupId');
    const m = { transactionalId, producerId, producerEpoch, groupId };
    if (version >= 3) {
        const _tf = r.readTaggedFields('AddOffsetsToTxnRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeAddOffsetsToTxnRequest(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.transactionalId);
    }
    else {
        w.writeString(m.transactionalId);
    }
    w.writeInt64(m.producerId);
    w.writeInt16(m.producerEpoch);
    if (version >= 3) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createAddOffsetsToTxnResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
    };
}
export function decodeAddOffsetsToTxnResponse(r, version) {
    const throttleTimeMs = r.readInt32('AddOffsetsToTxnResponse.throttleTimeMs');
    const errorCode = r.readInt16('AddOffsetsToTxnResponse.errorCode');
    const m = { throttleTimeMs, errorCode };
    if (version >= 3) {
        const _tf = r.readTaggedFields('AddOffsetsToTxnResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeAddOffsetsToTxnResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    w.writeInt16(m.errorCode);
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
