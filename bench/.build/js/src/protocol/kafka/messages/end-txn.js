/** Versions and header rules of EndTxn (flexibleMinVersion 99 = never flexible). */
export const EndTxnApi = {
    apiKey: 26,
    name: 'EndTxn',
    minVersion: 0,
    maxVersion: 4,
    flexibleMinVersion: 3,
    requestHeaderV2MinVersion: 3,
    responseHeaderV1MinVersion: 3,
};
export function createEndTxnRequest() {
    return {
        transactionalId: '',
        producerId: 0n,
        producerEpoch: 0,
        committed: false,
    };
}
export function decodeEndTxnRequest(r, version) {
    const transactionalId = version >= 3
        ? r.readCompactString('EndTxnRequest.transactionalId')
        : r.readString('EndTxnRequest.transactionalId');
    const producerId = r.readInt64('EndTxnRequest.producerId');
    const producerEpoch = r.readInt16('EndTxnRequest.producerEpoch');
    const committed = r.readBool('EndTxnRequest.committed');
    const m = { transactionalId, producerId, producerEpoch, committed };
    if (version >= 3) {
        const _tf = r.readTaggedFields('EndTxnRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeEndTxnRequest(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.transactionalId);
    }
    else {
        w.writeString(m.transactionalId);
    }
    w.writeInt64(m.producerId);
    w.writeInt16(m.producerEpoch);
    w.writeBool(m.committed);
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createEndTxnResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
    };
}
export function decodeEndTxnResponse(r, version) {
    const throttleTimeMs = r.readInt32('EndTxnResponse.throttleTimeMs');
    const errorCode = r.readInt16('EndTxnResponse.errorCode');
    const m = { throttleTimeMs, errorCode };
    if (version >= 3) {
        const _tf = r.readTaggedFields('EndTxnResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeEndTxnResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    w.writeInt16(m.errorCode);
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
