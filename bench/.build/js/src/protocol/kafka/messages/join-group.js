import { nullNotAllowed } from '../codec/writer.js';
/** Versions and header rules of JoinGroup (flexibleMinVersion 99 = never flexible). */
export const JoinGroupApi = {
    apiKey: 11,
    name: 'JoinGroup',
    minVersion: 0,
    maxVersion: 9,
    flexibleMinVersion: 6,
    requestHeaderV2MinVersion: 6,
    responseHeaderV1MinVersion: 6,
};
export function createJoinGroupRequest() {
    return {
        groupId: '',
        sessionTimeoutMs: 0,
        rebalanceTimeoutMs: -1,
        memberId: '',
        groupInstanceId: null,
        protocolType: '',
        protocols: [],
        reason: null,
    };
}
export function createJoinGroupRequestJoinGroupRequestProtocol() {
    return {
        name: '',
        metadata: Buffer.alloc(0),
    };
}
export function decodeJoinGroupRequest(r, version) {
    const groupId = version >= 6 ? r.readCompactString('JoinGroupRequest.groupId') : r.readString('JoinGroupRequest.groupId');
    const sessionTimeoutMs = r.readInt32('JoinGroupRequest.sessionTimeoutMs');
    let rebalanceTimeoutMs = -1;
    if (version >= 1) {
        rebalanceTimeoutMs = r.readInt32('JoinGroupRequest.rebalanceTimeoutMs');
    }
    const memberId = version >= 6
        ? r.readCompactString('JoinGroupRequest.memberId')
        : r.readString('JoinGroupRequest.memberId');
    let groupInstanceId = null;
    if (version >= 5) {
        groupInstanceId =
            version >= 6
                ? r.readCompactNullableString('JoinGroupRequest.groupInstanceId')
                : r.readNullableString('JoinGroupRequest.groupInstanceId');
    }
    const protocolType = version >= 6
        ? r.readCompactString('JoinGroupRequest.protocolType')
        : r.readString('JoinGroupRequest.protocolType');
    let protocols;
    {
        const _n = version >= 6
            ? r.readCompactArrayLength('JoinGroupRequest.protocols', 1)
            : r.readArrayLength('JoinGroupRequest.protocols', 1);
        if (_n < 0) {
            throw r.error('JoinGroupRequest.protocols', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeJoinGroupRequestJoinGroupRequestProtocol(r, version));
            protocols = _a;
        }
    }
    let reason = null;
    if (version >= 8) {
        reason = r.readCompactNullableString('JoinGroupRequest.reason');
    }
    const m = {
        groupId,
        sessionTimeoutMs,
        rebalanceTimeoutMs,
        memberId,
        groupInstanceId,
        protocolType,
        protocols,
        reason,
    };
    if (version >= 6) {
        const _tf = r.readTaggedFields('JoinGroupRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeJoinGroupRequestJoinGroupRequestProtocol(r, version) {
    const name = version >= 6
        ? r.readCompactString('JoinGroupRequestJoinGroupRequestProtocol.name')
        : r.readString('JoinGroupRequestJoinGroupRequestProtocol.name');
    const metadata = version >= 6
        ? r.readCompactBytes('JoinGroupRequestJoinGroupRequestProtocol.metadata')
        : r.readBytes('JoinGroupRequestJoinGroupRequestProtocol.metadata');
    const m = { name, metadata };
    if (version >= 6) {
        const _tf = r.readTaggedFields('JoinGroupRequestJoinGroupRequestProtocol._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeJoinGroupRequest(w, version, m) {
    if (version >= 6) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    w.writeInt32(m.sessionTimeoutMs);
    if (version >= 1) {
        w.writeInt32(m.rebalanceTimeoutMs);
    }
    if (version >= 6) {
        w.writeCompactString(m.memberId);
    }
    else {
        w.writeString(m.memberId);
    }
    if (version >= 5) {
        if (version >= 6) {
            w.writeCompactNullableString(m.groupInstanceId);
        }
        else {
            w.writeNullableString(m.groupInstanceId);
        }
    }
    if (version >= 6) {
        w.writeCompactString(m.protocolType);
    }
    else {
        w.writeString(m.protocolType);
    }
    {
        const _a = m.protocols;
        if (version >= 6) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeJoinGroupRequestJoinGroupRequestProtocol(w, version, _e);
        }
    }
    if (version >= 8) {
        w.writeCompactNullableString(m.reason);
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeJoinGroupRequestJoinGroupRequestProtocol(w, version, m) {
    if (version >= 6) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    if (version >= 6) {
        w.writeCompactBytes(m.metadata);
    }
    else {
        w.writeBytes(m.metadata);
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createJoinGroupResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        generationId: -1,
        protocolType: null,
        protocolName: '',
        leader: '',
        skipAssignment: false,
        memberId: '',
        members: [],
    };
}
export function createJoinGroupResponseJoinGroupResponseMember() {
    return {
        memberId: '',
        groupInstanceId: null,
        metadata: Buffer.alloc(0),
    };
}
export function decodeJoinGroupResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 2) {
        throttleTimeMs = r.readInt32('JoinGroupResponse.throttleTimeMs');
    }
    const errorCode = r.readInt16('JoinGroupResponse.errorCode');
    const generationId = r.readInt32('JoinGroupResponse.generationId');
    let protocolType = null;
    if (version >= 7) {
        protocolType = r.readCompactNullableString('JoinGroupResponse.protocolType');
    }
    const protocolName = version >= 6
        ? version >= 7
            ? r.readCompactNullableString('JoinGroupResponse.protocolName')
            : r.readCompactString('JoinGroupResponse.protocolName')
        : version >= 7
            ? r.readNullableString('JoinGroupResponse.protocolName')
            : r.readString('JoinGroupResponse.protocolName');
    const leader = version >= 6 ? r.readCompactString('JoinGroupResponse.leader') : r.readString('JoinGroupResponse.leader');
    let skipAssignment = false;
    if (version >= 9) {
        skipAssignment = r.readBool('JoinGroupResponse.skipAssignment');
    }
    const memberId = version >= 6
        ? r.readCompactString('JoinGroupResponse.memberId')
        : r.readString('JoinGroupResponse.memberId');
    let members;
    {
        const _n = version >= 6
            ? r.readCompactArrayLength('JoinGroupResponse.members', 1)
            : r.readArrayLength('JoinGroupResponse.members', 1);
        if (_n < 0) {
            throw r.error('JoinGroupResponse.members', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeJoinGroupResponseJoinGroupResponseMember(r, version));
            members = _a;
        }
    }
    const m = {
        throttleTimeMs,
        errorCode,
        generationId,
        protocolType,
        protocolName,
        leader,
        skipAssignment,
        memberId,
        members,
    };
    if (version >= 6) {
        const _tf = r.readTaggedFields('JoinGroupResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeJoinGroupResponseJoinGroupResponseMember(r, version) {
    const memberId = version >= 6
        ? r.readCompactString('JoinGroupResponseJoinGroupResponseMember.memberId')
        : r.readString('JoinGroupResponseJoinGroupResponseMember.memberId');
    let groupInstanceId = null;
    if (version >= 5) {
        groupInstanceId =
            version >= 6
                ? r.readCompactNullableString('JoinGroupResponseJoinGroupResponseMember.groupInstanceId')
                : r.readNullableString('JoinGroupResponseJoinGroupResponseMember.groupInstanceId');
    }
    const metadata = version >= 6
        ? r.readCompactBytes('JoinGroupResponseJoinGroupResponseMember.metadata')
        : r.readBytes('JoinGroupResponseJoinGroupResponseMember.metadata');
    const m = { memberId, groupInstanceId, metadata };
    if (version >= 6) {
        const _tf = r.readTaggedFields('JoinGroupResponseJoinGroupResponseMember._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeJoinGroupResponse(w, version, m) {
    if (version >= 2) {
        w.writeInt32(m.throttleTimeMs);
    }
    w.writeInt16(m.errorCode);
    w.writeInt32(m.generationId);
    if (version >= 7) {
        w.writeCompactNullableString(m.protocolType);
    }
    if (version >= 7) {
        if (version >= 6) {
            w.writeCompactNullableString(m.protocolName);
        }
        else {
            w.writeNullableString(m.protocolName);
        }
    }
    else {
        if (m.protocolName === null)
            throw nullNotAllowed('JoinGroupResponse.protocolName', version);
        if (version >= 6) {
            w.writeCompactString(m.protocolName);
        }
        else {
            w.writeString(m.protocolName);
        }
    }
    if (version >= 6) {
        w.writeCompactString(m.leader);
    }
    else {
        w.writeString(m.leader);
    }
    if (version >= 9) {
        w.writeBool(m.skipAssignment);
    }
    if (version >= 6) {
        w.writeCompactString(m.memberId);
    }
    else {
        w.writeString(m.memberId);
    }
    {
        const _a = m.members;
        if (version >= 6) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeJoinGroupResponseJoinGroupResponseMember(w, version, _e);
        }
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeJoinGroupResponseJoinGroupResponseMember(w, version, m) {
    if (version >= 6) {
        w.writeCompactString(m.memberId);
    }
    else {
        w.writeString(m.memberId);
    }
    if (version >= 5) {
        if (version >= 6) {
            w.writeCompactNullableString(m.groupInstanceId);
        }
        else {
            w.writeNullableString(m.groupInstanceId);
        }
    }
    if (version >= 6) {
        w.writeCompactBytes(m.metadata);
    }
    else {
        w.writeBytes(m.metadata);
    }
    if (version >= 6) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
