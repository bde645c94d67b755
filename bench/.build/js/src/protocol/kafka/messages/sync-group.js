/** Versions and header rules of SyncGroup (flexibleMinVersion 99 = never flexible). */
export const SyncGroupApi = {
    apiKey: 14,
    name: 'SyncGroup',
    minVersion: 0,
    maxVersion: 5,
    flexibleMinVersion: 4,
    requestHeaderV2MinVersion: 4,
    responseHeaderV1MinVersion: 4,
};
export function createSyncGroupRequest() {
    return {
        groupId: '',
        generationId: 0,
        memberId: '',
        groupInstanceId: null,
        protocolType: null,
        protocolName: null,
        assignments: [],
    };
}
export function createSyncGroupRequestSyncGroupRequestAssignment() {
    return {
        memberId: '',
        assignment: Buffer.alloc(0),
    };
}
export function decodeSyncGroupRequest(r, version) {
    const groupId = version >= 4 ? r.readCompactString('SyncGroupRequest.groupId') : r.readString('SyncGroupRequest.groupId');
    const generationId = r.readInt32('SyncGroupRequest.generationId');
    const memberId = version >= 4
        ? r.readCompactString('SyncGroupRequest.memberId')
        : r.readString('SyncGroupRequest.memberId');
    let groupInstanceId = null;
    if (version >= 3) {
        groupInstanceId =
            version >= 4
                ? r.readCompactNullableString('SyncGroupRequest.groupInstanceId')
                : r.readNullableString('SyncGroupRequest.groupInstanceId');
    }
    let protocolType = null;
    if (version >= 5) {
        protocolType = r.readCompactNullableString('SyncGroupRequest.protocolType');
    }
    let protocolName = null;
    if (version >= 5) {
        protocolName = r.readCompactNullableString('SyncGroupRequest.protocolName');
    }
    let assignments;
    {
        const _n = version >= 4
            ? r.readCompactArrayLength('SyncGroupRequest.assignments', 1)
            : r.readArrayLength('SyncGroupRequest.assignments', 1);
        if (_n < 0) {
            throw r.error('SyncGroupRequest.assignments', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeSyncGroupRequestSyncGroupRequestAssignment(r, version));
            assignments = _a;
        }
    }
    const m = {
        groupId,
        generationId,
        memberId,
        groupInstanceId,
        protocolType,
        protocolName,
        assignments,
    };
    if (version >= 4) {
        const _tf = r.readTaggedFields('SyncGroupRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeSyncGroupRequestSyncGroupRequestAssignment(r, version) {
    const memberId = version >= 4
        ? r.readCompactString('SyncGroupRequestSyncGroupRequestAssignment.memberId')
        : r.readString('SyncGroupRequestSyncGroupRequestAssignment.memberId');
    const assignment = version >= 4
        ? r.readCompactBytes('SyncGroupRequestSyncGroupRequestAssignment.assignment')
        : r.readBytes('SyncGroupRequestSyncGroupRequestAssignment.assignment');
    const m = { memberId, assignment };
    if (version >= 4) {
        const _tf = r.readTaggedFields('SyncGroupRequestSyncGroupRequestAssignment._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeSyncGroupRequest(w, version, m) {
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
    if (version >= 5) {
        w.writeCompactNullableString(m.protocolType);
    }
    if (version >= 5) {
        w.writeCompactNullableString(m.protocolName);
    }
    {
        const _a = m.assignments;
        if (version >= 4) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeSyncGroupRequestSyncGroupRequestAssignment(w, version, _e);
        }
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeSyncGroupRequestSyncGroupRequestAssignment(w, version, m) {
    if (version >= 4) {
        w.writeCompactString(m.memberId);
    }
    else {
        w.writeString(m.memberId);
    }
    if (version >= 4) {
        w.writeCompactBytes(m.assignment);
    }
    else {
        w.writeBytes(m.assignment);
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createSyncGroupResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        protocolType: null,
        protocolName: null,
        assignment: Buffer.alloc(0),
    };
}
export function decodeSyncGroupResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('SyncGroupResponse.throttleTimeMs');
    }
    const errorCode = r.readInt16('SyncGroupResponse.errorCode');
    let protocolType = null;
    if (version >= 5) {
        protocolType = r.readCompactNullableString('SyncGroupResponse.protocolType');
    }
    let protocolName = null;
    if (version >= 5) {
        protocolName = r.readCompactNullableString('SyncGroupResponse.protocolName');
    }
    const assignment = version >= 4
        ? r.readCompactBytes('SyncGroupResponse.assignment')
        : r.readBytes('SyncGroupResponse.assignment');
    const m = { throttleTimeMs, errorCode, protocolType, protocolName, assignment };
    if (version >= 4) {
        const _tf = r.readTaggedFields('SyncGroupResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeSyncGroupResponse(w, version, m) {
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    w.writeInt16(m.errorCode);
    if (version >= 5) {
        w.writeCompactNullableString(m.protocolType);
    }
    if (version >= 5) {
        w.writeCompactNullableString(m.protocolName);
    }
    if (version >= 4) {
        w.writeCompactBytes(m.assignment);
    }
    else {
        w.writeBytes(m.assignment);
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
