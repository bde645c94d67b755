/** Versions and header rules of Heartbeat (flexibleMinVersion 99 = never flexible). */
export const HeartbeatApi = {
    apiKey: 12,
    name: 'Heartbeat',
    minVersion: 0,
    maxVersion: 4,
    flexibleMinVersion: 4,
    requestHeaderV2MinVersion: 4,
    responseHeaderV1MinVersion: 4,
};
export function createHeartbeatRequest() {
    return {
        groupId: '',
        generationId: 0,
        memberId: '',
        groupInstanceId: null,
    };
}
export function decodeHeartbeatRequest(r, version) {
    const groupId = version >= 4 ? r.readCompactString('HeartbeatRequest.groupId') : r.readString('HeartbeatRequest.groupId');
    const generationId = r.readInt32('HeartbeatRequest.generationId');
    const memberId = version >= 4
        ? r.readCompactString('HeartbeatRequest.memberId')
        : r.readString('HeartbeatRequest.memberId');
    let groupInstanceId = null;
    if (version >= 3) {
        groupInstanceId =
            version >= 4
                ? r.readCompactNullableString('HeartbeatRequest.groupInstanceId')
                : r.readNullableString('HeartbeatRequest.groupInstanceId');
    }
    const m = { groupId, generationId, memberId, groupInstanceId };
    if (version >= 4) {
        const _tf = r.readTaggedFields('HeartbeatRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeHeartbeatRequest(w, version, m) {
    if (version >= 4) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    w.writeInt32(m.generationId);
    if (version >= 4) {
        w.writeCompactString(m.memberId);
    }
    else {
        w.writeString(m.memberId);
    }
    if (version >= 3) {
        if (version >= 4) {
            w.writeCompactNullableString(m.groupInstanceId);
        }
        else {
            w.writeNullableString(m.groupInstanceId);
        }
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createHeartbeatResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
    };
}
export function decodeHeartbeatResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('HeartbeatResponse.throttleTimeMs');
    }
    const errorCode = r.readInt16('HeartbeatResponse.errorCode');
    const m = { throttleTimeMs, errorCode };
    if (version >= 4) {
        const _tf = r.readTaggedFields('HeartbeatResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeHeartbeatResponse(w, version, m) {
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    w.writeInt16(m.errorCode);
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
