export function createResponseHeader() {
    return {
        correlationId: 0,
    };
}
export function decodeResponseHeader(r, version) {
    const correlationId = r.readInt32('ResponseHeader.correlationId');
    const m = { correlationId };
    if (version >= 1) {
        const _tf = r.readTaggedFields('ResponseHeader._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeResponseHeader(w, version, m) {
    w.writeInt32(m.correlationId);
    if (version >= 1) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
