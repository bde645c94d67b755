export function createRequestHeader() {
    return {
        requestApiKey: 0,
        requestApiVersion: 0,
        correlationId: 0,
        clientId: '',
    };
}
export function decodeRequestHeader(r, version) {
    const requestApiKey = r.readInt16('RequestHeader.requestApiKey');
    const requestApiVersion = r.readInt16('RequestHeader.requestApiVersion');
    const correlationId = r.readInt32('RequestHeader.correlationId');
    let clientId = '';
    if (version >= 1) {
        clientId = r.readNullableString('RequestHeader.clientId');
    }
    const m = { requestApiKey, requestApiVersion, correlationId, clientId };
    if (version >= 2) {
        const _tf = r.readTaggedFields('RequestHeader._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeRequestHeader(w, version, m) {
    w.writeInt16(m.requestApiKey);
    w.writeInt16(m.requestApiVersion);
    w.writeInt32(m.correlationId);
    if (version >= 1) {
        w.writeNullableString(m.clientId);
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
