/** Versions and header rules of LeaveGroup (flexibleMinVersion 99 = never flexible). */
export const LeaveGroupApi = {
    apiKey: 13,
    name: 'LeaveGroup',
    minVersion: 0,
    maxVersion: 5,
    flexibleMinVersion: 4,
    requestHeaderV2MinVersion: 4,
    responseHeaderV1MinVersion: 4,
};
export function createLeaveGroupRequest() {
    return {
        groupId: '',
        memberId: '',
        members: [],
    };
}
export function createLeaveGroupRequestMemberIdentity() {
    return {
        memberId: '',
        groupInstanceId: null,
        reason: null,
    };
}
export function decodeLeaveGroupRequest(r, version) {
    const groupId = version >= 4
        ? r.readCompactString('LeaveGroupRequest.groupId')
        : r.readString('LeaveGroupRequest.groupId');
    let memberId = '';
    if (version <= 2) {
        memberId = r.readString('LeaveGroupRequest.memberId');
    }
    let members = [];
    if (version >= 3) {
        {
            const _n = version >= 4
                ? r.readCompactArrayLength('LeaveGroupRequest.members', 1)
                : r.readArrayLength('LeaveGroupRequest.members', 1);
            if (_n < 0) {
                throw r.error('LeaveGroupRequest.members', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeLeaveGroupRequestMemberIdentity(r, version));
                members = _a;
            }
        }
    }
    const m = { groupId, memberId, members };
    if (version >= 4) {
        const _tf = r.readTaggedFields('LeaveGroupRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeLeaveGroupRequestMemberIdentity(r, version) {
    const memberId = version >= 4
        ? r.readCompactString('LeaveGroupRequestMemberIdentity.memberId')
        : r.readString('LeaveGroupRequestMemberIdentity.memberId');
    const groupInstanceId = version >= 4
        ? r.readCompactNullableString('LeaveGroupRequestMemberIdentity.groupInstanceId')
        : r.readNullableString('LeaveGroupRequestMemberIdentity.groupInstanceId');
    let reason = null;
    if (version >= 5) {
        reason = r.readCompactNullableString('LeaveGroupRequestMemberIdentity.reason');
    }
    const m = { memberId, groupInstanceId, reason };
    if (version >= 4) {
        const _tf = r.readTaggedFields('LeaveGroupRequestMemberIdentity._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeLeaveGroupRequest(w, version, m) {
    if (version >= 4) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    if (version <= 2) {
        w.writeString(m.memberId);
    }
    if (version >= 3) {
        {
            const _a = m.members;
            if (version >= 4) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeLeaveGroupRequestMemberIdentity(w, version, _e);
            }
        }
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeLeaveGroupRequestMemberIdentity(w, version, m) {
    if (version >= 4) {
        w.writeCompactString(m.memberId);
    }
    else {
        w.writeString(m.memberId);
    }
    if (version >= 4) {
        w.writeCompactNullableString(m.groupInstanceId);
    }
    else {
        w.writeNullableString(m.groupInstanceId);
    }
    if (version >= 5) {
        w.writeCompactNullableString(m.reason);
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createLeaveGroupResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        members: [],
    };
}
export function createLeaveGroupResponseMemberResponse() {
    return {
        memberId: '',
        groupInstanceId: '',
        errorCode: 0,
    };
}
export function decodeLeaveGroupResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('LeaveGroupResponse.throttleTimeMs');
    }
    const errorCode = r.readInt16('LeaveGroupResponse.errorCode');
    let members = [];
    if (version >= 3) {
        {
            const _n = version >= 4
                ? r.readCompactArrayLength('LeaveGroupResponse.members', 1)
                : r.readArrayLength('LeaveGroupResponse.members', 1);
            if (_n < 0) {
                throw r.error('LeaveGroupResponse.members', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeLeaveGroupResponseMemberResponse(r, version));
                members = _a;
            }
        }
    }
    const m = { throttleTimeMs, errorCode, members };
    if (version >= 4) {
        const _tf = r.readTaggedFields('LeaveGroupResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeLeaveGroupResponseMemberResponse(r, version) {
    const memberId = version >= 4
        ? r.readCompactString('LeaveGroupResponseMemberResponse.memberId')
        : r.readString('LeaveGroupResponseMemberResponse.memberId');
    const groupInstanceId = version >= 4
        ? r.readCompactNullableString('LeaveGroupResponseMemberResponse.groupInstanceId')
        : r.readNullableString('LeaveGroupResponseMemberResponse.groupInstanceId');
    const errorCode = r.readInt16('LeaveGroupResponseMemberResponse.errorCode');
    const m = { memberId, groupInstanceId, errorCode };
    if (version >= 4) {
        const _tf = r.readTaggedFields('LeaveGroupResponseMemberResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeLeaveGroupResponse(w, version, m) {
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    w.writeInt16(m.errorCode);
    if (version >= 3) {
        {
            const _a = m.members;
            if (version >= 4) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeLeaveGroupResponseMemberResponse(w, version, _e);
            }
        }
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeLeaveGroupResponseMemberResponse(w, version, m) {
    if (version >= 4) {
        w.writeCompactString(m.memberId);
    }
    else {
        w.writeString(m.memberId);
    }
    if (version >= 4) {
        w.writeCompactNullableString(m.groupInstanceId);
    }
    else {
        w.writeNullableString(m.groupInstanceId);
    }
    w.writeInt16(m.errorCode);
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
