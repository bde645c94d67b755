/** Versions and header rules of DescribeGroups (flexibleMinVersion 99 = never flexible). */
export const DescribeGroupsApi = {
    apiKey: 15,
    name: 'DescribeGroups',
    minVersion: 0,
    maxVersion: 5,
    flexibleMinVersion: 5,
    requestHeaderV2MinVersion: 5,
    responseHeaderV1MinVersion: 5,
};
export function createDescribeGroupsRequest() {
    return {
        groups: [],
        includeAuthorizedOperations: false,
    };
}
export function decodeDescribeGroupsRequest(r, version) {
    let groups;
    {
        const _n = version >= 5
            ? r.readCompactArrayLength('DescribeGroupsRequest.groups', version >= 5 ? 1 : 2)
            : r.readArrayLength('DescribeGroupsRequest.groups', version >= 5 ? 1 : 2);
        if (_n < 0) {
            throw r.error('DescribeGroupsRequest.groups', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(version >= 5
                    ? r.readCompactString('DescribeGroupsRequest.groups')
                    : r.readString('DescribeGroupsRequest.groups'));
            groups = _a;
        }
    }
    let includeAuthorizedOperations = false;
    if (version >= 3) {
        includeAuthorizedOperations = r.readBool('DescribeGroupsRequest.includeAuthorizedOperations');
    }
    const m = { groups, includeAuthorizedOperations };
    if (version >= 5) {
        const _tf = r.readTaggedFields('DescribeGroupsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDescribeGroupsRequest(w, version, m) {
    {
        const _a = m.groups;
        if (version >= 5) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            if (version >= 5) {
                w.writeCompactString(_e);
            }
            else {
                w.writeString(_e);
            }
        }
    }
    if (version >= 3) {
        w.writeBool(m.includeAuthorizedOperations);
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createDescribeGroupsResponse() {
    return {
        throttleTimeMs: 0,
        groups: [],
    };
}
export function createDescribeGroupsResponseDescribedGroup() {
    return {
        errorCode: 0,
        groupId: '',
        groupState: '',
        protocolType: '',
        protocolData: '',
        members: [],
        authorizedOperations: -2147483648,
    };
}
export function createDescribeGroupsResponseDescribedGroupMember() {
    return {
        memberId: '',
        groupInstanceId: null,
        clientId: '',
        clientHost: '',
        memberMetadata: Buffer.alloc(0),
        memberAssignment: Buffer.alloc(0),
    };
}
export function decodeDescribeGroupsResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('DescribeGroupsResponse.throttleTimeMs');
    }
    let groups;
    {
        const _n = version >= 5
            ? r.readCompactArrayLength('DescribeGroupsResponse.groups', 1)
            : r.readArrayLength('DescribeGroupsResponse.groups', 1);
        if (_n < 0) {
            throw r.error('DescribeGroupsResponse.groups', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDescribeGroupsResponseDescribedGroup(r, version));
            groups = _a;
        }
    }
    const m = { throttleTimeMs, groups };
    if (version >= 5) {
        const _tf = r.readTaggedFields('DescribeGroupsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDescribeGroupsResponseDescribedGroup(r, version) {
    const errorCode = r.readInt16('DescribeGroupsResponseDescribedGroup.errorCode');
    const groupId = version >= 5
        ? r.readCompactString('DescribeGroupsResponseDescribedGroup.groupId')
        : r.readString('DescribeGroupsResponseDescribedGroup.groupId');
    const groupState = version >= 5
        ? r.readCompactString('DescribeGroupsResponseDescribedGroup.groupState')
        : r.readString('DescribeGroupsResponseDescribedGroup.groupState');
    const protocolType = version >= 5
        ? r.readCompactString('DescribeGroupsResponseDescribedGroup.protocolType')
        : r.readString('DescribeGroupsResponseDescribedGroup.protocolType');
    const protocolData = version >= 5
        ? r.readCompactString('DescribeGroupsResponseDescribedGroup.protocolData')
        : r.readString('DescribeGroupsResponseDescribedGroup.protocolData');
    let members;
    {
        const _n = version >= 5
            ? r.readCompactArrayLength('DescribeGroupsResponseDescribedGroup.members', 1)
            : r.readArrayLength('DescribeGroupsResponseDescribedGroup.members', 1);
        if (_n < 0) {
            throw r.error('DescribeGroupsResponseDescribedGroup.members', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDescribeGroupsResponseDescribedGroupMember(r, version));
            members = _a;
        }
    }
    let authorizedOperations = -2147483648;
    if (version >= 3) {
        authorizedOperations = r.readInt32('DescribeGroupsResponseDescribedGroup.authorizedOperations');
    }
    const m = {
        errorCode,
        groupId,
        groupState,
        protocolType,
        protocolData,
        members,
        authorizedOperations,
    };
    if (version >= 5) {
        const _tf = r.readTaggedFields('DescribeGroupsResponseDescribedGroup._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDescribeGroupsResponseDescribedGroupMember(r, version) {
    const memberId = version >= 5
        ? r.readCompactString('DescribeGroupsResponseDescribedGroupMember.memberId')
        : r.readString('DescribeGroupsResponseDescribedGroupMember.memberId');
    let groupInstanceId = null;
    if (version >= 4) {
        groupInstanceId =
            version >= 5
                ? r.readCompactNullableString('DescribeGroupsResponseDescribedGroupMember.groupInstanceId')
                : r.readNullableString('DescribeGroupsResponseDescribedGroupMember.groupInstanceId');
    }
    const clientId = version >= 5
        ? r.readCompactString('DescribeGroupsResponseDescribedGroupMember.clientId')
        : r.readString('DescribeGroupsResponseDescribedGroupMember.clientId');
    const clientHost = version >= 5
        ? r.readCompactString('DescribeGroupsResponseDescribedGroupMember.clientHost')
        : r.readString('DescribeGroupsResponseDescribedGroupMember.clientHost');
    const memberMetadata = version >= 5
        ? r.readCompactBytes('DescribeGroupsResponseDescribedGroupMember.memberMetadata')
        : r.readBytes('DescribeGroupsResponseDescribedGroupMember.memberMetadata');
    const memberAssignment = version >= 5
        ? r.readCompactBytes('DescribeGroupsResponseDescribedGroupMember.memberAssignment')
        : r.readBytes('DescribeGroupsResponseDescribedGroupMember.memberAssignment');
    const m = {
        memberId,
        groupInstanceId,
        clientId,
        clientHost,
        memberMetadata,
        memberAssignment,
    };
    if (version >= 5) {
        const _tf = r.readTaggedFields('DescribeGroupsResponseDescribedGroupMember._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDescribeGroupsResponse(w, version, m) {
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    {
        const _a = m.groups;
        if (version >= 5) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDescribeGroupsResponseDescribedGroup(w, version, _e);
        }
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDescribeGroupsResponseDescribedGroup(w, version, m) {
    w.writeInt16(m.errorCode);
    if (version >= 5) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    if (version >= 5) {
        w.writeCompactString(m.groupState);
    }
    else {
        w.writeString(m.groupState);
    }
    if (version >= 5) {
        w.writeCompactString(m.protocolType);
    }
    else {
        w.writeString(m.protocolType);
    }
    if (version >= 5) {
        w.writeCompactString(m.protocolData);
    }
    else {
        w.writeString(m.protocolData);
    }
    {
        const _a = m.members;
        if (version >= 5) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDescribeGroupsResponseDescribedGroupMember(w, version, _e);
        }
    }
    if (version >= 3) {
        w.writeInt32(m.authorizedOperations);
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDescribeGroupsResponseDescribedGroupMember(w, version, m) {
    if (version >= 5) {
        w.writeCompactString(m.memberId);
    }
    else {
        w.writeString(m.memberId);
    }
    if (version >= 4) {
        if (version >= 5) {
            w.writeCompactNullableString(m.groupInstanceId);
        }
        else {
            w.writeNullableString(m.groupInstanceId);
        }
    }
    if (version >= 5) {
        w.writeCompactString(m.clientId);
    }
    else {
        w.writeString(m.clientId);
    }
    if (version >= 5) {
        w.writeCompactString(m.clientHost);
    }
    else {
        w.writeString(m.clientHost);
    }
    if (version >= 5) {
        w.writeCompactBytes(m.memberMetadata);
    }
    else {
        w.writeBytes(m.memberMetadata);
    }
    if (version >= 5) {
        w.writeCompactBytes(m.memberAssignment);
    }
    else {
        w.writeBytes(m.memberAssignment);
    }
    if (version >= 5) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
